package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/config"
	"github.com/medbot/medbot/bot/signalcli"
	"github.com/medbot/medbot/charts"
	"github.com/medbot/medbot/charts/report"
	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/store"
)

// ReportRequest says what a report covers.
type ReportRequest struct {
	Now      time.Time
	Window   time.Duration // default 72 h
	Children []string      // empty: all
}

// LoadReport reads a report's data from the store.
func LoadReport(ctx context.Context, st Store, cfg *config.Config, req ReportRequest) ([]report.Child, report.Options, error) {
	if req.Window <= 0 {
		req.Window = 72 * time.Hour
	}
	if len(req.Children) == 0 {
		req.Children = cfg.ChildNames()
	}
	from := req.Now.Add(-req.Window)
	o := report.Options{From: from, To: req.Now, Zone: cfg.Zone, Generated: req.Now, Fahrenheit: cfg.TemperatureUnit == "F", Clock12: cfg.Clock == "12h"}
	// notes that name no child are the family's: in every child's report
	family, err := st.Observations(ctx, store.Filter{UnknownChild: true, Kinds: []medbot.Kind{medbot.Note}, From: from, To: req.Now.Add(time.Second)})
	if err != nil {
		return nil, o, fmt.Errorf("reading records for the report: %w", err)
	}
	var out []report.Child
	for _, name := range req.Children {
		// a day more, for the running 24 h counts of the first doses; the
		// message text tells which name of a medicine the parent wrote
		obs, err := st.Observations(ctx, store.Filter{Child: name, From: from.Add(-24 * time.Hour), To: req.Now.Add(time.Second), MessageText: true})
		if err != nil {
			return nil, o, fmt.Errorf("reading records for the report: %w", err)
		}
		obs = mergeByTime(obs, family)
		ch := report.Child{Name: name, Chart: charts.Child{Name: name}}
		for i, ob := range obs {
			if ob.At.Before(from) {
				continue
			}
			switch ob.Kind {
			case medbot.Temperature:
				ch.Chart.Temps = append(ch.Chart.Temps, charts.Point{At: ob.At, V: ob.Value})
			case medbot.SpO2:
				ch.Chart.SpO2 = append(ch.Chart.SpO2, charts.Point{At: ob.At, V: ob.Value})
			case medbot.HeartRate:
				ch.Chart.HR = append(ch.Chart.HR, charts.Point{At: ob.At, V: ob.Value})
			case medbot.Medication:
				ch.Chart.Doses = append(ch.Chart.Doses, charts.Dose{At: ob.At, Name: ob.Name})
				m, _ := cfg.Medication(ob.Name)
				count := 0
				for _, prev := range obs[:i+1] {
					if prev.Kind == medbot.Medication && prev.Name == ob.Name && prev.At.After(ob.At.Add(-24*time.Hour)) {
						count++
					}
				}
				d := report.Dose{At: ob.At, Name: ob.Name, Given: givenName(ob, m.Medication), By: ob.Sender, Count: count, Limit: m.MaxPer24h}
				if ob.HasDose {
					d.Dose = strings.TrimSpace(medbot.FormatNumber(ob.Dose) + " " + ob.Unit)
				}
				ch.Doses = append(ch.Doses, d)
			case medbot.Event:
				what := capitalise(ob.Name)
				if t := strings.TrimSpace(ob.Text); t != "" && !strings.EqualFold(t, ob.Name) {
					what += ": " + t
				}
				ch.Entries = append(ch.Entries, report.Entry{At: ob.At, What: what, By: ob.Sender})
			case medbot.Note:
				what := "Note: " + ob.Text
				if ob.Child == "" {
					what = "Family note: " + ob.Text
				}
				ch.Entries = append(ch.Entries, report.Entry{At: ob.At, What: what, By: ob.Sender})
			}
		}
		out = append(out, ch)
	}
	return out, o, nil
}

// mergeByTime merges two time-ordered lists.
func mergeByTime(a, b []medbot.Observation) []medbot.Observation {
	out := make([]medbot.Observation, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j >= len(b) || (i < len(a) && !b[j].At.Before(a[i].At)) {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return out
}

// givenName finds which of a medicine's names the parent wrote ("Calpol"
// for paracetamol), as written; "" when it was the ingredient itself or a
// typo.
func givenName(o medbot.Observation, m parse.Medication) string {
	words := strings.FieldsFunc(o.MessageText, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	for _, a := range m.Aliases {
		aw := strings.Fields(strings.ToLower(a))
		for i := 0; i+len(aw) <= len(lower); i++ {
			match := true
			for k := range aw {
				if lower[i+k] != aw[k] {
					match = false
					break
				}
			}
			if match {
				return strings.Join(words[i:i+len(aw)], " ")
			}
		}
	}
	return ""
}

// RenderReport writes the report PDF.
func RenderReport(ctx context.Context, st Store, cfg *config.Config, req ReportRequest) ([]byte, error) {
	children, o, err := LoadReport(ctx, st, cfg, req)
	if err != nil {
		return nil, err
	}
	return report.PDF(children, o)
}

// report answers the report command with a PDF.
func (b *Bot) report(ctx context.Context, key medbot.MessageKey, cmd parse.Command) {
	b.Transport.Typing(ctx, key.Group, false)
	defer b.Transport.Typing(ctx, key.Group, true)
	start := time.Now()
	req := ReportRequest{Now: b.Now(), Window: cmd.Window, Children: cmd.Children}
	pdf, err := RenderReport(ctx, b.Store, b.Config, req)
	if err != nil {
		b.log.Error("writing a report failed", keyErr, err)
		b.reply(ctx, key, "Sorry, I couldn't write the report just now. Please try again in a minute.")
		return
	}
	b.log.Info("report written", keyDuration, time.Since(start).Round(time.Millisecond), keyCount, len(pdf))
	window := req.Window
	if window <= 0 {
		window = 72 * time.Hour
	}
	who := "all the children"
	name := "medbot-report.pdf"
	if len(cmd.Children) == 1 {
		who = cmd.Children[0]
		name = "medbot-report-" + fileSafe(who) + ".pdf"
	}
	b.reply(ctx, key, fmt.Sprintf("The report for %s, last %s: a page per child with the temperature chart, every dose and who gave it, and the events and notes.", who, charts.WindowName(window)),
		signalcli.Attachment{ContentType: "application/pdf", Filename: name, Data: pdf})
}
