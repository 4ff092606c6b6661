package signalclitest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

func (d *Daemon) answer(c *dconn, call *Call) (any, *fault) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if fs := d.faults[call.Method]; len(fs) > 0 {
		d.faults[call.Method] = fs[1:]
		return nil, &fs[0]
	}
	if d.o.Accounts == nil {
		switch call.Method {
		case "listAccounts", "startLink", "finishLink", "register", "verify":
			// single-account mode serves none of the account-making calls
			return nil, &fault{code: -32601, message: "Method not implemented"}
		}
	}
	switch call.Method {
	case "startLink", "finishLink", "register", "verify":
		if d.o.Accounts != nil {
			return d.account(call)
		}
	}
	if d.o.Accounts != nil {
		acct, named := call.Params["account"].(string)
		switch {
		case named && !slices.Contains(d.o.Accounts, acct):
			return nil, &fault{code: -32602, message: "Specified account does not exist"}
		case call.Method == "listAccounts":
			var out []any
			for _, a := range d.o.Accounts {
				out = append(out, map[string]any{"number": a})
			}
			return out, nil
		case !named && len(d.o.Accounts) != 1 && call.Method != "version":
			return nil, &fault{code: -32602, message: "Method requires valid account parameter"}
		}
	}
	if d.o.Unregistered && call.Method != "version" {
		return nil, &fault{code: -1, message: "User " + d.o.Account.Number + " is not registered."}
	}
	if d.deauth {
		// what signal-cli makes of the server's 401 (libsignal's
		// AuthorizationFailedException), per call
		switch call.Method {
		case "send", "sendReaction", "sendPollCreate", "updateGroup", "updateProfile":
			return nil, &fault{code: -32603, message: "Failed to send message: [401] Authorization failed! (AuthorizationFailedException) (UnexpectedErrorException)"}
		case "listDevices":
			return nil, &fault{code: -3, message: "Failed to get linked devices: [401] Authorization failed!"}
		}
	}
	if d.proof != "" {
		switch call.Method {
		case "send", "sendReaction", "sendPollCreate":
			r := map[string]any{"recipientAddress": map[string]any{"uuid": "22222222-2222-4222-8222-222222222222", "number": nil}, "type": "RATE_LIMIT_FAILURE", "token": d.proof, "retryAfterSeconds": 86400}
			if gid, ok := call.Params["groupId"].(string); ok {
				r["groupId"] = gid
			}
			return nil, &fault{code: -5, message: "Failed to send message due to rate limiting", data: map[string]any{"response": map[string]any{"timestamp": d.nextTS(), "results": []any{r}}}}
		}
	}
	switch call.Method {
	case "version":
		return map[string]any{"version": d.o.Version}, nil
	case "listGroups":
		var out []any
		for _, g := range d.o.Groups {
			var members []any
			for _, m := range g.Members {
				members = append(members, map[string]any{"number": nullable(m.Number), "uuid": m.UUID})
			}
			admins := []any{map[string]any{"number": nullable(d.o.Account.Number), "uuid": d.o.Account.UUID}}
			pending := []any{}
			if g.Invited {
				pending = append(pending, map[string]any{"number": nullable(d.o.Account.Number), "uuid": d.o.Account.UUID})
			}
			out = append(out, map[string]any{"id": string(g.ID), "name": g.Name, "description": "", "isMember": g.IsMember, "isBlocked": false,
				"messageExpirationTime": 0, "members": members, "pendingMembers": pending, "requestingMembers": []any{}, "admins": admins, "banned": []any{},
				"permissionAddMember": "EVERY_MEMBER", "permissionEditDetails": "EVERY_MEMBER", "permissionSendMessage": "EVERY_MEMBER", "groupInviteLink": nil})
		}
		if out == nil {
			out = []any{}
		}
		return out, nil
	case "send", "sendReaction":
		// the answers signal-cli 0.13.19 gives, checked against the real
		// daemon (../shared/signal-cli-offline) on 2026-11-24
		gid, hasGroup := call.Params["groupId"].(string)
		if call.Method == "sendReaction" {
			if _, ok := call.Params["emoji"].(string); !ok {
				return nil, &fault{code: -32603, message: "Parameter specified as non-null is null: method org.asamk.signal.manager.api.MessageEnvelope$Reaction.<init>, parameter emoji (NullPointerException)"}
			}
			if _, ok := call.Params["targetTimestamp"].(float64); !ok {
				return nil, &fault{code: -32603, message: `Cannot invoke "java.lang.Long.longValue()" because "targetTimestamp" is null (NullPointerException)`}
			}
		}
		if !hasGroup {
			if _, ok := call.Params["recipient"]; !ok {
				return nil, &fault{code: -1, message: "No recipients given"}
			}
		}
		if call.Method == "send" {
			if m, _ := call.Params["message"].(string); m == "" && call.Params["attachments"] == nil {
				return nil, &fault{code: -1, message: "Sending empty message is not allowed, either a message, attachment or sticker must be given."}
			}
			if _, ok := call.Params["quoteTimestamp"]; ok {
				if _, ok := call.Params["quoteAuthor"].(string); !ok {
					return nil, &fault{code: -1, message: "Quote author parameter is missing"}
				}
			}
		}
		var results []any
		if hasGroup {
			g := d.group(gid)
			if g == nil {
				return nil, &fault{code: -1, message: "Group not found: " + gid}
			}
			if !g.IsMember {
				return nil, &fault{code: -1, message: "Not a member of group: " + gid}
			}
			if d.offline {
				return nil, &fault{code: -32603, message: "Failed to send message: java.net.SocketException: Closed unexpectedly (IOException) (UnexpectedErrorException)"}
			}
			for _, m := range g.Members {
				if m.UUID == d.o.Account.UUID {
					continue
				}
				results = append(results, map[string]any{"recipientAddress": map[string]any{"uuid": m.UUID, "number": nullable(m.Number)}, "groupId": gid, "type": "SUCCESS"})
			}
		} else {
			ty := "SUCCESS"
			if d.offline {
				ty = "NETWORK_FAILURE"
			}
			results = append(results, map[string]any{"recipientAddress": map[string]any{"uuid": nil, "number": call.Params["recipient"]}, "type": ty})
			if d.offline {
				return nil, &fault{code: -1, message: "Failed to send message", data: map[string]any{"response": map[string]any{"timestamp": d.nextTS(), "results": results}}}
			}
		}
		call.Timestamp = d.nextTS()
		return map[string]any{"timestamp": call.Timestamp, "results": results}, nil
	case "sendTyping":
		if _, ok := call.Params["groupId"].(string); ok && d.group(call.Str("groupId")) == nil {
			return nil, &fault{code: -1, message: "Failed to send to group: Group not found: " + call.Str("groupId")}
		}
		if d.offline {
			return nil, &fault{code: -1, message: "Failed to send message: java.net.SocketException: Closed unexpectedly (IOException)"}
		}
		return map[string]any{}, nil
	case "listDevices":
		// the answer of ListDevicesCommand's JsonDevice; offline it fails
		// at the network step
		if d.offline {
			return nil, &fault{code: -3, message: "Failed to get linked devices: Closed unexpectedly"}
		}
		return []any{map[string]any{"id": 1, "name": nil, "createdTimestamp": 1700000000000, "lastSeenTimestamp": time.Now().UnixMilli()}}, nil
	case "updateGroup":
		g := d.group(call.Str("groupId"))
		if g == nil {
			return nil, &fault{code: -1, message: "Group not found: " + call.Str("groupId")}
		}
		if !g.IsMember && !g.Invited {
			return nil, &fault{code: -1, message: "Not a member of group: " + call.Str("groupId")}
		}
		// with no change asked, it accepts a pending invitation
		g.IsMember, g.Invited = true, false
		call.Timestamp = d.nextTS()
		return map[string]any{"timestamp": call.Timestamp, "results": []any{}}, nil
	case "updateProfile":
		if n, _ := call.Params["givenName"].(string); n != "" {
			d.o.Account.Name = n
		}
		return map[string]any{}, nil
	case "sendPollCreate":
		if !d.atLeast("0.13.23") {
			break // not implemented before 0.13.23
		}
		g := d.group(call.Str("groupId"))
		if g == nil || !g.IsMember {
			return nil, &fault{code: -1, message: "Group not found: " + call.Str("groupId")}
		}
		if q, _ := call.Params["question"].(string); q == "" {
			return nil, &fault{code: -1, message: "Missing poll question"}
		}
		if opts, _ := call.Params["option"].([]any); len(opts) < 2 {
			return nil, &fault{code: -1, message: "A poll needs at least two options"}
		}
		call.Timestamp = d.nextTS()
		d.polls = append(d.polls, *call)
		return map[string]any{"timestamp": call.Timestamp, "results": []any{}}, nil
	case "submitRateLimitChallenge":
		if call.Str("challenge") != d.proof || call.Str("captcha") == "" {
			code := -1
			if d.atLeast("0.14.3") {
				code = -6
			}
			return nil, &fault{code: code, message: "Captcha rejected"}
		}
		d.proof = ""
		return map[string]any{}, nil
	case "subscribeReceive":
		c.subID = d.subID
		d.subID++
		return c.subID, nil
	case "unsubscribeReceive":
		c.subscribed = false
		return map[string]any{}, nil
	}
	return nil, &fault{code: -32601, message: "Method not implemented"}
}

// account answers the calls that get an account onto a multi-account
// daemon. Offline, startLink and register fail as the real 0.13.19 does;
// the other answers follow signal-cli's source (FinishLinkCommand,
// RegisterCommand, VerifyCommand). d.mu is held.
func (d *Daemon) account(call *Call) (any, *fault) {
	number, named := call.Params["account"].(string)
	switch call.Method {
	case "startLink":
		if d.offline {
			return nil, &fault{code: -3, message: "Link request error: Connection closed!"}
		}
		uri := fmt.Sprintf("sgnl://linkdevice?uuid=fake%d&pub_key=BQ%%2Bfake", len(d.links)+1)
		d.links[uri] = true
		return map[string]any{"deviceLinkUri": uri}, nil
	case "finishLink":
		uri, ok := call.Params["deviceLinkUri"].(string)
		switch {
		case !ok:
			return nil, &fault{code: -1, message: "Missing deviceLinkUri."}
		case !d.links[uri]:
			return nil, &fault{code: -1, message: "Unknown device link uri."}
		case d.o.LinkNumber == "":
			return nil, &fault{code: -1, message: "Link request timed out, please try again."}
		case slices.Contains(d.o.Accounts, d.o.LinkNumber):
			return nil, &fault{code: -1, message: "The user " + d.o.LinkNumber + " already exists\nDelete \"data/" + d.o.LinkNumber + "\" before trying again."}
		}
		delete(d.links, uri)
		d.o.Accounts = append(d.o.Accounts, d.o.LinkNumber)
		return map[string]any{"number": d.o.LinkNumber}, nil
	case "register":
		if !named {
			return nil, &fault{code: -32602, message: "Method requires valid account parameter"}
		}
		if d.offline {
			return nil, &fault{code: -3, message: "Failed to register: java.net.UnknownHostException: chat.signal.org (PushNetworkException)"}
		}
		if !strings.HasPrefix(number, "+") {
			return nil, &fault{code: -1, message: "Failed to register: Phone number is not normalized (" + number + ")"}
		}
		if captcha, _ := call.Params["captcha"].(string); d.o.CaptchaFirst && captcha == "" {
			return nil, &fault{code: -1, message: "Captcha required for verification, use --captcha CAPTCHA\nTo get the token, go to https://signalcaptchas.org/registration/generate.html\nAfter solving the captcha, right-click on the \"Open Signal\" link and copy the link."}
		}
		d.codeSent[number] = true
		return map[string]any{}, nil
	case "verify":
		if !named {
			return nil, &fault{code: -32602, message: "Method requires valid account parameter"}
		}
		if !d.codeSent[number] {
			// the real daemon's answer with no register before (0.13.19)
			return nil, &fault{code: -32603, message: "Parameter specified as non-null is null: method org.whispersystems.signalservice.api.registration.RegistrationApi.verifyAccount, parameter sessionId (NullPointerException)"}
		}
		code, _ := call.Params["verificationCode"].(string)
		if strings.ReplaceAll(code, "-", "") != d.o.VerificationCode {
			// needs the network to observe; an IOException from Signal's answer
			return nil, &fault{code: -3, message: "Verify error: [403] Authorization failed! (AuthorizationFailedException)"}
		}
		if d.o.PIN != "" {
			switch pin, _ := call.Params["pin"].(string); {
			case pin == "":
				return nil, &fault{code: -1, message: "Verification failed! This number is locked with a pin. Hours remaining until reset: 167\nUse '--pin PIN_CODE' to specify the registration lock PIN"}
			case pin != d.o.PIN:
				return nil, &fault{code: -1, message: "Verification failed! Invalid pin, tries remaining: 4"}
			}
		}
		delete(d.codeSent, number)
		d.o.Accounts = append(d.o.Accounts, number)
		return map[string]any{}, nil
	}
	return nil, &fault{code: -32601, message: "Method not implemented"}
}

// Accounts returns the numbers a multi-account daemon serves now,
// including those linked or registered through it.
func (d *Daemon) Accounts() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.o.Accounts)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
