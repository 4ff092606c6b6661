package signalcli_test

import (
	"encoding/json"
	"testing"

	"github.com/medbot/medbot/bot/signalcli"
)

// The answers signal-cli 0.13.19 gives offline: which of them
// sending again can cure.
func TestUnreachableAsTheRealDaemonSaysIt(t *testing.T) {
	results := func(types ...string) json.RawMessage {
		var rs []map[string]any
		for _, ty := range types {
			rs = append(rs, map[string]any{"type": ty, "recipientAddress": map[string]string{"number": "+447700900111"}})
		}
		b, _ := json.Marshal(map[string]any{"response": map[string]any{"timestamp": 1, "results": rs}})
		return b
	}
	for _, c := range []struct {
		name  string
		err   signalcli.RPCError
		retry bool
	}{
		{"group send offline", signalcli.RPCError{Code: -32603, Message: "Failed to send message: signal.org (IOException) (UnexpectedErrorException)"}, true},
		{"reaction offline", signalcli.RPCError{Code: -32603, Message: "Failed to send message: Connection closed! (IOException) (UnexpectedErrorException)"}, true},
		{"direct send offline", signalcli.RPCError{Code: -1, Message: "Failed to send message", Data: results("NETWORK_FAILURE")}, true},
		{"typing offline", signalcli.RPCError{Code: -1, Message: "Failed to send message"}, true},
		{"unregistered recipient", signalcli.RPCError{Code: -1, Message: "Failed to send message", Data: results("UNREGISTERED_FAILURE")}, false},
		{"one unregistered among failures", signalcli.RPCError{Code: -1, Message: "Failed to send message", Data: results("NETWORK_FAILURE", "UNREGISTERED_FAILURE")}, false},
		{"io error", signalcli.RPCError{Code: -3, Message: "Link request error: Connection closed!"}, true},
		{"missing targetTimestamp", signalcli.RPCError{Code: -32603, Message: "java.lang.NullPointerException"}, false},
		{"quote without author", signalcli.RPCError{Code: -1, Message: "Quote author parameter is missing"}, false},
		{"no recipients", signalcli.RPCError{Code: -1, Message: "No recipients given"}, false},
		{"empty message", signalcli.RPCError{Code: -1, Message: "Sending empty message is not allowed, either a message, attachment or sticker must be given."}, false},
		{"unknown group", signalcli.RPCError{Code: -1, Message: "Failed to send to group: Group not found: Z3JvdXA="}, false},
		{"unknown account", signalcli.RPCError{Code: -32602, Message: "Specified account does not exist"}, false},
	} {
		if _, ok := c.err.RetryAfter(); ok != c.retry {
			t.Errorf("%s: retried %v, want %v", c.name, ok, c.retry)
		}
	}
}
