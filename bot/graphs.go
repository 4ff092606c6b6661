package bot

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/config"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/charts"
	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/store"
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

// GraphData is what the pictures are drawn from.
type GraphData struct {
	Req       GraphRequest
	Charts    []charts.Child
	Timelines map[string][]timeline.Item // by child
}

// Image is one rendered picture.
type Image struct {
	Name    string // file name, e.g. "temperature.png"
	PNG     []byte
	Caption string
}

// LoadGraphData reads what the graphs show from the store.
func LoadGraphData(ctx context.Context, st Store, cfg *config.Config, req GraphRequest) (GraphData, error) {
	if req.Window <= 0 {
		req.Window = 72 * time.Hour
	}
	if req.Timeline <= 0 {
		req.Timeline = 24 * time.Hour
	}
	if len(req.Children) == 0 {
		req.Children = cfg.ChildNames()
	}
	from := req.Now.Add(-req.Window)
	if t := req.Now.Add(-req.Timeline); t.Before(from) {
		from = t
	}
	obs, err := st.Observations(ctx, store.Filter{From: from, To: req.Now.Add(time.Second)})
	if err != nil {
		return GraphData{}, fmt.Errorf("reading records for graphs: %w", err)
	}
	d := GraphData{Req: req, Timelines: map[string][]timeline.Item{}}
	colours := cfg.Colours()
	for _, name := range req.Children {
		ch := charts.Child{Name: name}
		var items []timeline.Item
		for _, o := range obs {
			if o.Child != name {
				continue
			}
			switch o.Kind {
			case medbot.Temperature:
				ch.Temps = append(ch.Temps, charts.Point{At: o.At, V: o.Value})
			case medbot.SpO2:
				ch.SpO2 = append(ch.SpO2, charts.Point{At: o.At, V: o.Value})
			case medbot.HeartRate:
				ch.HR = append(ch.HR, charts.Point{At: o.At, V: o.Value})
			case medbot.Medication:
				ch.Doses = append(ch.Doses, charts.Dose{At: o.At, Name: o.Name})
			}
			if !o.At.Before(req.Now.Add(-req.Timeline)) {
				items = append(items, timelineItem(o, cfg, colours))
			}
		}
		d.Charts = append(d.Charts, ch)
		d.Timelines[name] = items
	}
	return d, nil
}

func timelineItem(o medbot.Observation, cfg *config.Config, colours map[string]string) timeline.Item {
	it := timeline.Item{At: o.At, Sender: o.Sender, Name: o.Name, Colour: colours[o.Name]}
	switch o.Kind {
	case medbot.Temperature:
		it.Kind = timeline.Temperature
		if cfg.TemperatureUnit == "F" {
			it.Text = fmt.Sprintf("%.1f °F", o.Value*9/5+32)
		} else {
			it.Text = fmt.Sprintf("%.1f °C", o.Value)
		}
	case medbot.SpO2, medbot.HeartRate:
		it.Kind = timeline.Vital
		it.Name = string(o.Kind)
		if o.Kind == medbot.SpO2 {
			it.Name, it.Text, it.Colour = "SpO2", fmt.Sprintf("SpO2 %.0f %%", o.Value), "#11A579"
		} else {
			it.Name, it.Text, it.Colour = "heart rate", fmt.Sprintf("Heart rate %.0f", o.Value), "#E73F74"
		}
	case medbot.Medication:
		it.Kind = timeline.Dose
		it.Text = capitalise(o.Describe())
	case medbot.Event:
		it.Kind = timeline.Event
		it.Text = capitalise(o.Name) // the parent's full words are in the report
	case medbot.Note:
		it.Kind = timeline.Note
		it.Name, it.Colour = "note", "#666666"
		it.Text = "Note: " + o.Text
	}
	return it
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// RenderGraphs draws the graphs reply: the temperature chart, the vitals
// chart when there are SpO2 or heart-rate readings, and a timeline per
// child, rendered concurrently.
func RenderGraphs(d GraphData, cfg *config.Config) ([]Image, error) {
	o := charts.Options{Now: d.Req.Now, Window: d.Req.Window, Zone: cfg.Zone, Fahrenheit: cfg.TemperatureUnit == "F", Clock12: cfg.Clock == "12h"}
	type job struct {
		name, caption string
		draw          func() ([]byte, error)
	}
	jobs := []job{{"temperature.png", temperatureCaption(d, cfg), func() ([]byte, error) { return charts.Temperature(d.Charts, o) }}}
	if charts.HasVitals(d.Charts, o) {
		jobs = append(jobs, job{"vitals.png", "SpO2 and heart rate", func() ([]byte, error) { return charts.Vitals(d.Charts, o) }})
	}
	for _, name := range d.Req.Children {
		items := d.Timelines[name]
		to := timeline.Options{Child: name, Now: d.Req.Now, Window: d.Req.Timeline, Zone: cfg.Zone, Clock12: cfg.Clock == "12h"}
		jobs = append(jobs, job{"timeline-" + fileSafe(name) + ".png", name + ": " + fmt.Sprint(len(items)) + " records in the last " + charts.WindowName(d.Req.Timeline), func() ([]byte, error) { return timeline.Render(items, to) }})
	}
	out := make([]Image, len(jobs))
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
			out[i] = Image{Name: j.name, PNG: b, Caption: j.caption}
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
func temperatureCaption(d GraphData, cfg *config.Config) string {
	var lines []string
	for _, ch := range d.Charts {
		var last *charts.Point
		for i := range ch.Temps {
			if !ch.Temps[i].At.Before(d.Req.Now.Add(-d.Req.Window)) {
				last = &ch.Temps[i]
			}
		}
		if last == nil {
			lines = append(lines, ch.Name+": no temperature in the last "+charts.WindowName(d.Req.Window))
			continue
		}
		v := fmt.Sprintf("%.1f °C", last.V)
		if cfg.TemperatureUnit == "F" {
			v = fmt.Sprintf("%.1f °F", last.V*9/5+32)
		}
		lines = append(lines, fmt.Sprintf("%s: %s at %s", ch.Name, v, charts.ClockString(last.At, cfg.Zone, cfg.Clock == "12h")))
	}
	return strings.Join(lines, "\n")
}

// graphs answers the graphs command: typing indicator, render, send.
func (b *Bot) graphs(ctx context.Context, key medbot.MessageKey, cmd parse.Command) {
	b.Transport.Typing(ctx, key.Group, false)
	defer b.Transport.Typing(ctx, key.Group, true)
	start := time.Now()
	req := GraphRequest{Now: b.Now(), Window: cmd.Window, Children: cmd.Children}
	var atts []signalcli.Attachment
	var caption string
	var err error
	if b.Render != nil {
		atts, err = b.Render(ctx, req)
	} else {
		var imgs []Image
		imgs, err = b.renderFromStore(ctx, req)
		var caps []string
		for _, im := range imgs {
			atts = append(atts, signalcli.Attachment{ContentType: "image/png", Filename: im.Name, Data: im.PNG})
			if im.Name == "temperature.png" {
				caps = append(caps, im.Caption)
			}
		}
		caption = strings.Join(caps, "\n")
	}
	if err != nil {
		b.log.Error("drawing graphs failed", keyErr, err)
		b.reply(ctx, key, "Sorry, I couldn't draw the graphs just now. Please try again in a minute.")
		return
	}
	b.log.Info("graphs drawn", keyCount, len(atts), keyDuration, time.Since(start).Round(time.Millisecond))
	if caption == "" {
		caption = "Here are the graphs."
	}
	b.reply(ctx, key, caption, atts...)
}

func (b *Bot) renderFromStore(ctx context.Context, req GraphRequest) ([]Image, error) {
	d, err := LoadGraphData(ctx, b.Store, b.Config, req)
	if err != nil {
		return nil, err
	}
	return RenderGraphs(d, b.Config)
}
