package signalcli

import (
	"github.com/medbot/medbot/bot"

	"context"
	"encoding/base64"
	"encoding/json"

	"github.com/medbot/medbot"
)

// Version returns signal-cli's version.
func (c *Client) Version(ctx context.Context) (string, error) {
	var v struct {
		Version string `json:"version"`
	}
	err := c.Call(ctx, "version", nil, &v)
	return v.Version, err
}

// Group is a group the account knows.
type Group struct {
	ID       medbot.GroupID
	Name     string
	IsMember bool
	Members  []string // uuids and numbers
	Size     int      // how many members
	// Pending are the invited members who have not accepted yet (uuids and
	// numbers): a group the account is in only this way is an invitation.
	Pending []string
}

// ListGroups returns the account's groups.
func (c *Client) ListGroups(ctx context.Context) ([]Group, error) {
	return c.listGroups(ctx, "")
}

func (c *Client) listGroups(ctx context.Context, account string) ([]Group, error) {
	var params map[string]any
	if account != "" {
		params = map[string]any{"account": account}
	}
	var raw []struct {
		ID       string            `json:"id"`
		Name     string            `json:"name"`
		IsMember *bool             `json:"isMember"`
		Members  []json.RawMessage `json:"members"`
		Pending  []json.RawMessage `json:"pendingMembers"`
	}
	if err := c.Call(ctx, "listGroups", params, &raw); err != nil {
		return nil, err
	}
	out := make([]Group, len(raw))
	for i, g := range raw {
		out[i] = Group{ID: medbot.GroupID(g.ID), Name: g.Name, IsMember: g.IsMember == nil || *g.IsMember, Size: len(g.Members),
			Members: addresses(g.Members), Pending: addresses(g.Pending)}
	}
	return out, nil
}

// addresses reads a member list: older signal-cli lists numbers, newer
// {"number","uuid"}; both of a member are kept.
func addresses(raw []json.RawMessage) []string {
	var out []string
	for _, m := range raw {
		var s string
		if json.Unmarshal(m, &s) == nil {
			out = append(out, s)
			continue
		}
		var o struct{ Number, UUID string }
		if json.Unmarshal(m, &o) == nil {
			if o.UUID != "" {
				out = append(out, o.UUID)
			}
			if o.Number != "" {
				out = append(out, o.Number)
			}
		}
	}
	return out
}

// dataURI writes a as an RFC 2397 data URI with signal-cli's filename parameter.
func dataURI(a bot.Attachment) string {
	return "data:" + a.ContentType + ";filename=" + a.Filename + ";base64," + base64.StdEncoding.EncodeToString(a.Data)
}

// SendResult is signal-cli's answer to a send.
type SendResult struct {
	// Timestamp is the sent message's timestamp: people quote and react to it.
	Timestamp int64 `json:"timestamp"`
	Results   []struct {
		Type string `json:"type"`
	} `json:"results"`
}

// Failed counts the recipients signal-cli could not send to.
func (r SendResult) Failed() int {
	n := 0
	for _, x := range r.Results {
		if x.Type != "" && x.Type != "SUCCESS" {
			n++
		}
	}
	return n
}

// Send sends a reply to a group (or, with Recipient, to one person) and
// returns signal-cli's answer.
func (c *Client) Send(ctx context.Context, m bot.Reply) (SendResult, error) {
	p := map[string]any{"message": m.Text}
	if m.Group != "" {
		p["groupId"] = string(m.Group)
	} else {
		p["recipient"] = []string{m.Recipient}
	}
	if len(m.Attachments) > 0 {
		uris := make([]string, len(m.Attachments))
		for i, a := range m.Attachments {
			uris[i] = dataURI(a)
		}
		p["attachments"] = uris
	}
	if m.Quote != nil {
		p["quoteTimestamp"] = m.Quote.SentMS
		p["quoteAuthor"] = m.Quote.Author
	}
	var r SendResult
	err := c.Call(ctx, "send", p, &r)
	return r, err
}

// React sets (or with remove, takes back) medbot's reaction on a message.
func (c *Client) React(ctx context.Context, group medbot.GroupID, target medbot.MessageKey, emoji string, remove bool) error {
	return c.Call(ctx, "sendReaction", map[string]any{
		"groupId":         string(group),
		"emoji":           emoji,
		"targetAuthor":    target.Author,
		"targetTimestamp": target.SentMS,
		"remove":          remove,
	}, nil)
}

// Typing shows (or with stop, hides) the typing indicator in a group.
func (c *Client) Typing(ctx context.Context, group medbot.GroupID, stop bool) error {
	return c.Call(ctx, "sendTyping", map[string]any{"groupId": string(group), "stop": stop}, nil)
}
