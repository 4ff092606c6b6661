package main

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/store"
)

//go:embed demo.toml
var demoConfig []byte

//go:embed demo_de.toml
var demoConfigDE []byte

// demoFamily is a demo's family, story and words, by language.
type demoFamily struct {
	config              []byte
	story               []storyLine
	you                 string
	banner, interactive string
}

var demoFamilies = map[string]demoFamily{
	"en": {config: demoConfig, story: story, you: "You",
		banner:      "medbot demo: the family group of Freya and Rory, with %d messages and %d records of the last three days already in %s.\n",
		interactive: "Write as a parent would (Rory 38.4, calpol 5ml Freya, Freya asleep), or a command: status, graphs, undo, help."},
	"de": {config: demoConfigDE, story: storyDE, you: "Du",
		banner:      "medbot-Demo: die Familiengruppe von Mia und Jonas, mit %d Nachrichten und %d Einträgen der letzten drei Tage, schon in %s.\n",
		interactive: "Schreib, wie Eltern schreiben (Jonas 38,4, ben-u-ron 5 ml Mia, Mia schläft), oder einen Befehl: status, grafik, rückgängig, hilfe."},
}

const demoGroup = medbot.GroupID("demo-family-group")

// demoTransport is the family group of the demo: what medbot sends is
// printed, and attachments are written into the demo folder.
type demoTransport struct {
	mu    sync.Mutex
	out   io.Writer
	dir   string
	quiet bool
	last  int64
	files []string // attachments written, in order
	// said are the timestamps of what medbot said, numbered from 1 in the
	// transcript, so that /reply N can quote one
	said []int64
}

// stamp is the timestamp of what medbot sends: the wall clock, but never
// twice the same (a message's identity).
func (t *demoTransport) stamp() int64 {
	t.last = max(t.last+1, time.Now().UnixMilli())
	return t.last
}

func (t *demoTransport) Send(ctx context.Context, m bot.Reply) (int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.stamp()
	if t.quiet {
		return r, nil
	}
	t.said = append(t.said, r)
	fmt.Fprintf(t.out, "  medbot [%d]: %s\n", len(t.said), strings.ReplaceAll(m.Text, "\n", "\n          "))
	for _, a := range m.Attachments {
		path := filepath.Join(t.dir, a.Filename)
		if err := writePrivate(path, a.Data); err != nil {
			return r, err
		}
		t.files = append(t.files, path)
		fmt.Fprintf(t.out, "          [%s] %s\n", a.ContentType, path)
	}
	return r, nil
}

func (t *demoTransport) React(ctx context.Context, group medbot.GroupID, target medbot.MessageKey, emoji string, remove bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.quiet {
		return nil
	}
	if remove {
		fmt.Fprintf(t.out, "  (medbot takes back its %s)\n", emoji)
	} else {
		fmt.Fprintf(t.out, "  medbot reacts %s\n", emoji)
	}
	return nil
}

func (t *demoTransport) Typing(ctx context.Context, group medbot.GroupID, stop bool) error {
	return nil
}

// demo is a running demo session.
type demo struct {
	bot    *bot.Bot
	tr     *demoTransport
	clock  time.Time // the simulated clock while pre-filling; zero: real time
	sender string
	story  []storyLine
	last   map[string]int64 // each sender's last message
	mu     sync.Mutex
}

func uuidOf(name string) string { return "demo-" + strings.ToLower(name) }

func (d *demo) now() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.clock.IsZero() {
		return time.Now()
	}
	return d.clock
}

func (d *demo) event(kind bot.IncomingKind, who, text string, sent, target int64, quote *bot.Quoted) bot.Incoming {
	return bot.Incoming{Kind: kind, Group: demoGroup, Author: uuidOf(who), AuthorName: who, SentMS: sent, TargetMS: target, Text: text, Quote: quote}
}

func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "demo", "[-dir medbot-demo] [-fresh] [-lang en|de] [-script FILE]")
	dir := fs.String("dir", "medbot-demo", "`folder` for the demo's database and pictures")
	fresh := fs.Bool("fresh", false, "start over with a new database")
	script := fs.String("script", "", "read messages from this `file` instead of the terminal")
	lang := fs.String("lang", "en", "the family's `language`: en (Freya and Rory) or de (Mia and Jonas, in German)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fam, ok := demoFamilies[*lang]
	if !ok {
		fmt.Fprintf(fs.Output(), "medbot demo: -lang %q: the demo's families write en or de\n", *lang)
		return errUsage
	}
	cfg, err := parseConfig(fam.config, "")
	if err != nil {
		return err
	}
	p, err := parse.New(cfg.Family)
	if err != nil {
		return err
	}
	dbPath := filepath.Join(*dir, "medbot.db")
	if *fresh {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	st, err := store.Open(dbPath, store.Options{Zone: cfg.Family.Zone, Synchronous: "NORMAL"})
	if err != nil {
		return fmt.Errorf("opening the demo database: %w", err)
	}
	defer st.Close()

	tr := &demoTransport{out: e.stdout, dir: *dir}
	d := &demo{tr: tr, sender: fam.you, story: fam.story, last: map[string]int64{}}
	// the demo shows the conversation; only problems are logged
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	d.bot = &bot.Bot{Family: cfg.Family, Units: cfg.Units, Parser: p, Store: st, Transport: tr, Groups: map[medbot.GroupID]bool{demoGroup: true}, Log: log, Now: d.now, RetryMin: 10 * time.Millisecond, RetryMax: 100 * time.Millisecond}

	n, _, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		if err := d.prefill(ctx); err != nil {
			return err
		}
	}
	msgs, obs, _ := st.Counts(ctx)
	in := e.stdin
	interactive := false
	if *script != "" {
		f, err := os.Open(*script)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	} else if f, ok := e.stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			interactive = true
		}
	}
	fmt.Fprintf(e.stdout, fam.banner, msgs, obs, dbPath)
	if interactive {
		fmt.Fprintln(e.stdout, fam.interactive)
		fmt.Fprintln(e.stdout, "/as Dad switches who is writing; /edit TEXT corrects your last message; /delete removes it; /quit or Ctrl-D ends.")
	}
	return d.converse(ctx, in, e.stdout, interactive)
}

// prefill plays the story through the bot, as the messages would have
// arrived, with the clock set to each message's time.
func (d *demo) prefill(ctx context.Context) error {
	d.tr.quiet = true
	defer func() { d.tr.quiet = false; d.clock = time.Time{} }()
	start := storyStart(time.Now())
	var lastQuestion int64
	for i, l := range d.story {
		at := start.Add(time.Duration(l.h * float64(time.Hour)))
		d.mu.Lock()
		d.clock = at.Add(20 * time.Second)
		d.mu.Unlock()
		sent := at.UnixMilli() + int64(i) // unique per author
		switch {
		case l.answer != "":
			d.bot.Handle(ctx, d.event(bot.Text, l.who, l.answer, sent, 0, &bot.Quoted{Author: "demo-medbot", SentMS: lastQuestion}))
			continue
		default:
			text := strings.ReplaceAll(l.text, "{clock}", at.Add(-10*time.Minute).In(d.bot.Family.Zone).Format("15:04"))
			before := d.tr.last
			d.bot.Handle(ctx, d.event(bot.Text, l.who, text, sent, 0, nil))
			if d.tr.last != before {
				lastQuestion = d.tr.last // medbot asked who it was for
			}
		}
		if l.edit != "" {
			d.bot.Handle(ctx, d.event(bot.Edit, l.who, l.edit, sent+60_000, sent, nil))
		}
	}
	d.bot.Wait()
	return nil
}

// converse reads lines and plays them as messages to the group.
func (d *demo) converse(ctx context.Context, in io.Reader, out io.Writer, interactive bool) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	prompt := func() {
		if interactive {
			fmt.Fprintf(out, "%s> ", d.sender)
		}
	}
	prompt()
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			prompt()
			continue
		}
		if !interactive {
			fmt.Fprintf(out, "%s: %s\n", d.sender, line)
		}
		if d.demoCommand(ctx, line, out) {
			if line == "/quit" {
				return nil
			}
			prompt()
			continue
		}
		sent := d.tr.nextStamp()
		d.last[d.sender] = sent
		d.bot.Handle(ctx, d.event(bot.Text, d.sender, line, sent, 0, nil))
		d.bot.Wait()
		prompt()
	}
	if interactive {
		fmt.Fprintln(out)
	}
	return sc.Err()
}

func (t *demoTransport) nextStamp() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stamp()
}

// demoCommand handles /as, /reply, /edit, /delete and /quit; it reports
// whether the line was one.
func (d *demo) demoCommand(ctx context.Context, line string, out io.Writer) bool {
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch word {
	case "/quit":
		return true
	case "/as":
		if rest == "" {
			fmt.Fprintln(out, "  (say who: /as Dad)")
			return true
		}
		d.sender = rest
		fmt.Fprintf(out, "  (now writing as %s)\n", rest)
		return true
	case "/reply":
		// quote medbot's message [N], as a phone's swipe-to-reply does
		n, text, _ := strings.Cut(rest, " ")
		d.tr.mu.Lock()
		var quoted int64
		if k, err := strconv.Atoi(n); err == nil && k >= 1 && k <= len(d.tr.said) {
			quoted = d.tr.said[k-1]
		}
		d.tr.mu.Unlock()
		if quoted == 0 || strings.TrimSpace(text) == "" {
			fmt.Fprintln(out, "  (say which message of medbot's and what: /reply 3 Rory)")
			return true
		}
		sent := d.tr.nextStamp()
		d.last[d.sender] = sent
		d.bot.Handle(ctx, d.event(bot.Text, d.sender, strings.TrimSpace(text), sent, 0, &bot.Quoted{Author: "demo-medbot", SentMS: quoted}))
		d.bot.Wait()
		return true
	case "/edit", "/delete":
		target, ok := d.last[d.sender]
		if !ok {
			fmt.Fprintf(out, "  (%s has not written anything to %s yet)\n", d.sender, word[1:])
			return true
		}
		if word == "/edit" {
			if rest == "" {
				fmt.Fprintln(out, "  (give the corrected text: /edit Rory 38.9)")
				return true
			}
			d.bot.Handle(ctx, d.event(bot.Edit, d.sender, rest, d.tr.nextStamp(), target, nil))
		} else {
			d.bot.Handle(ctx, d.event(bot.Delete, d.sender, "", d.tr.nextStamp(), target, nil))
			delete(d.last, d.sender)
		}
		d.bot.Wait()
		return true
	}
	return false
}
