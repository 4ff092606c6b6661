// Command contract makes every kind of call medbot makes against a running
// real signal-cli daemon with the offline account (.ci/signal-cli-contract)
// and checks that each one passes the daemon's own validation and fails
// only at the network step, as the ones medbot retries. Not part of
// medbot: it lives under .ci so that go test ./... does not build it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/bot/signalcli"
)

func main() {
	sock := flag.String("socket", "", "the daemon's socket")
	group := flag.String("group", "", "the offline group's id")
	peer := flag.String("peer", "", "the offline group's other member (ACI)")
	png := flag.String("png", "docs/temperature.png", "a PNG to attach")
	flag.Parse()
	c := signalcli.New(signalcli.Options{Network: "unix", Address: *sock})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := c.Connect(ctx); err != nil {
		fmt.Println("contract: connect:", err)
		os.Exit(1)
	}
	go c.Run(ctx)
	g := medbot.GroupID(*group)
	target := medbot.MessageKey{Group: g, Author: *peer, SentMS: time.Now().UnixMilli()}
	img, err := os.ReadFile(*png)
	if err != nil {
		fmt.Println("contract:", err)
		os.Exit(1)
	}
	failed := false
	expect := func(name string, err error) {
		var re *signalcli.RPCError
		_, retry := 0, false
		if errors.As(err, &re) {
			_, retry = re.RetryAfter()
		}
		ok := re != nil && retry && strings.HasPrefix(re.Message, "Failed to send message")
		mark := "✓"
		if !ok {
			mark, failed = "✗", true
		}
		fmt.Printf("%s %-26s %v\n", mark, name, err)
	}
	send := func(r bot.Reply) error { _, err := c.Send(ctx, r); return err }
	expect("reaction", c.React(ctx, g, target, "🌡️", false))
	expect("reaction removed", c.React(ctx, g, target, "🌡️", true))
	expect("reply", send(bot.Reply{Group: g, Text: "Rory: 38.4 °C at 14:05"}))
	expect("reply quoting", send(bot.Reply{Group: g, Text: "Was that 5 ml?", Quote: &target}))
	expect("reply with PNG", send(bot.Reply{Group: g, Text: "charts", Quote: &target, Attachments: []bot.Attachment{{ContentType: "image/png", Filename: "temperature.png", Data: img}}}))
	expect("reply with PDF", send(bot.Reply{Group: g, Text: "report", Attachments: []bot.Attachment{{ContentType: "application/pdf", Filename: "report.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}}}))
	expect("reminder", send(bot.Reply{Group: g, Text: "⏰ Rory can have paracetamol again now."}))
	expect("direct reply to a member", send(bot.Reply{Recipient: *peer, Text: "Please write in the family group."}))
	expect("typing", c.Typing(ctx, g, false))
	expect("typing stopped", c.Typing(ctx, g, true))
	// what medbot setup reads as "this daemon serves one account already"
	_, err = c.ListAccounts(ctx)
	mark := "✓"
	if !signalcli.NotImplemented(err) {
		mark, failed = "✗", true
	}
	fmt.Printf("%s %-26s %v\n", mark, "listAccounts, single mode", err)
	// the hourly probe: passes validation, needs Signal's servers, and is
	// not taken for the account gone
	err = c.Probe(ctx)
	var re *signalcli.RPCError
	mark = "✓"
	if !errors.As(err, &re) || !re.Unreachable() || signalcli.AccountGone(err) {
		mark, failed = "✗", true
	}
	fmt.Printf("%s %-26s %v\n", mark, "probe (listDevices)", err)
	// polls came in 0.13.23: 0.13.19 does not know the method
	_, err = signalcli.Transport{Client: c}.SendPoll(ctx, g, "Who is this for?", []string{"Rory", "Both"})
	mark = "✓"
	if !signalcli.NotImplemented(err) {
		mark, failed = "✗", true
	}
	fmt.Printf("%s %-26s %v\n", mark, "poll, before 0.13.23", err)
	if failed {
		os.Exit(1)
	}
}
