package bot

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/charts"
	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/timeline"
)

// GraphRequest says what the graphs reply shows.
type GraphRequest struct {
	Now time.Time
	// Window is the temperature and vitals charts' (default 72 h);
	// Timeline each child's timeline's (default 24 h).
	Window, Timeline time.Duration
	// Children to show; empty for all.
	Children []string
}

// withWindows fills in the default windows.
func (r GraphRequest) withWindows() GraphRequest {
	if r.Window <= 0 {
		r.Window = 72 * time.Hour
	}
	if r.Timeline <= 0 {
		r.Timeline = 24 * time.Hour
	}
	return r
}

// withDefaults fills in the default windows and every child.
func (r GraphRequest) withDefaults(fam *medbot.Family) GraphRequest {
	r = r.withWindows()
	if len(r.Children) == 0 {
		r.Children = fam.ChildNames()
	}
	return r
}

// Filter is what Graphs needs read: the longer of the two windows.
func (r GraphRequest) Filter() medbot.Filter {
	r = r.withWindows()
	// a day more than shown: the timeline judges its doses against the
	// 24 h before each (medbot.JudgeDoses), as every screen does
	// and the days before it that judging flags needs (a fever's fifth day)
	return medbot.Filter{From: r.Now.Add(-max(r.Window, r.Timeline) - max(24*time.Hour, medbot.FlagLookback)), To: r.Now.Add(time.Second)}
}

// Picture is one rendered picture of a reply.
type Picture struct {
	Name string // file name, e.g. "temperature.png"
	PNG  []byte
}

// Graphs draws the graphs reply from the observations Filter read: the
// temperature chart, the vitals chart when there are SpO2 or heart-rate
// readings, and a timeline per child, one per core at a time. `medbot
// graphs` writes exactly these.
func Graphs(obs []medbot.Observation, req GraphRequest, fam *medbot.Family, units medbot.Units) ([]Picture, error) {
	req = req.withDefaults(fam)
	var flags []medbot.Flag
	for _, name := range req.Children {
		if c, ok := fam.Child(name); ok {
			flags = append(flags, medbot.JudgeFlags(fam, c, obs, req.Now)...)
		}
	}
	o := charts.Options{Now: req.Now, Window: req.Window, Zone: fam.Zone, Units: units, Children: req.Children, Family: fam.ChildNames(), Marked: fam.Antipyretics(), Medicines: fam.Medications, Flags: flags, Fever: fam.Fever()}
	type job struct {
		name string
		draw func() ([]byte, error)
	}
	jobs := []job{{"temperature.png", func() ([]byte, error) { return charts.Temperature(obs, o) }}}
	if charts.HasVitals(obs, o) {
		jobs = append(jobs, job{"vitals.png", func() ([]byte, error) { return charts.Vitals(obs, o) }})
	}
	colours := fam.Colours()
	for _, name := range req.Children {
		to := timeline.Options{Child: name, Now: req.Now, Window: req.Timeline, Zone: fam.Zone, Units: units, Colours: colours, Medicines: fam.Medications, Flags: flags, Fever: fam.Fever()}
		jobs = append(jobs, job{"timeline-" + fileSafe(name) + ".png", func() ([]byte, error) { return timeline.Render(obs, to) }})
	}
	out := make([]Picture, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	// one picture per core at a time: more buys no speed, only memory
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			b, err := j.draw()
			out[i] = Picture{Name: j.name, PNG: b}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("drawing %s: %w", jobs[i].name, err)
		}
	}
	return out, nil
}

// fileSafe makes a child's name usable in a file name.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r > 127:
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// temperatureCaption is one line per child: the latest reading and when.
func (b *Bot) temperatureCaption(obs []medbot.Observation, req GraphRequest) string {
	var lines []string
	for _, name := range req.Children {
		var last *medbot.Observation
		for i := range obs {
			if obs[i].Child == name && obs[i].Kind == medbot.Temperature && !obs[i].At.Before(req.Now.Add(-req.Window)) && !obs[i].At.After(req.Now) {
				last = &obs[i]
			}
		}
		if last == nil {
			lines = append(lines, b.say("%s: no temperature in the last %s", name, b.Units.Within(req.Window)))
			continue
		}
		lines = append(lines, b.say("%s: %s at %s", name, b.Units.Temperature(last.Value), b.Units.Clock(last.At, b.Family.Zone)))
	}
	return strings.Join(lines, "\n")
}

// heavy runs f, a chart or a report, when no other is being made: each
// holds a few tens of MB while it draws, and ten at once on a Raspberry Pi
// would be killed for memory. One that waits over Bot.RenderPatience says so.
func (b *Bot) heavy(ctx context.Context, key medbot.MessageKey, f func()) {
	select {
	case b.render <- struct{}{}:
	default:
		t := time.NewTimer(b.RenderPatience)
		select {
		case b.render <- struct{}{}:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
			b.reply(ctx, key, b.say("Working on it: another chart or report is being made first."))
			select {
			case b.render <- struct{}{}:
			case <-ctx.Done():
				return
			}
		}
	}
	defer func() { <-b.render }()
	f()
}

// graphs answers the graphs command: typing indicator, render, send.
func (b *Bot) graphs(ctx context.Context, key medbot.MessageKey, cmd parse.Command) {
	b.typing(ctx, key.Group, false)
	defer b.typing(ctx, key.Group, true)
	start := time.Now()
	req := GraphRequest{Now: b.Now(), Window: cmd.Window, Children: cmd.Children}.withDefaults(&b.Family)
	obs, err := b.Store.Observations(ctx, req.Filter())
	if err != nil {
		b.log.Error("reading records for graphs failed", keyErr, err)
		b.reply(ctx, key, b.say("Sorry, I couldn't read the records just now. Please try again in a minute."))
		return
	}
	pics, err := Graphs(obs, req, &b.Family, b.Units)
	if err != nil {
		b.renderFailed(ctx, key, "drawing graphs failed", err, b.say("the graphs"))
		return
	}
	b.log.Info("graphs drawn", keyCount, len(pics), keyDuration, time.Since(start).Round(time.Millisecond))
	atts := make([]Attachment, len(pics))
	for i, p := range pics {
		atts[i] = Attachment{ContentType: "image/png", Filename: p.Name, Data: p.PNG}
	}
	b.reply(ctx, key, b.temperatureCaption(obs, req), atts...)
}

// typing shows or stops the typing indicator; it is a courtesy, so a
// failure is only logged.
func (b *Bot) typing(ctx context.Context, group medbot.GroupID, stop bool) {
	if err := b.Transport.Typing(ctx, group, stop); err != nil {
		b.log.Debug("typing indicator failed", keyErr, err)
	}
}
