package bot

import (
	"context"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/charts/report"
	"github.com/medbot/medbot/parse"
)

// ReportOptions are the report's options for a request at now covering
// window (default 72 h) and children (empty: all).
func ReportOptions(fam medbot.Family, units medbot.Units, now time.Time, window time.Duration, children []string) report.Options {
	if window <= 0 {
		window = 72 * time.Hour
	}
	return report.Options{From: now.Add(-window), To: now, Generated: now, Family: fam, Units: units, Children: children}
}

// report answers the report command with a PDF.
func (b *Bot) report(ctx context.Context, key medbot.MessageKey, cmd parse.Command) {
	b.typing(ctx, key.Group, false)
	defer b.typing(ctx, key.Group, true)
	start := time.Now()
	o := ReportOptions(b.Family, b.Units, b.Now(), cmd.Window, cmd.Children)
	obs, err := b.Store.Observations(ctx, report.Filter(o))
	if err != nil {
		b.log.Error("reading records for a report failed", keyErr, err)
		b.reply(ctx, key, b.say("Sorry, I couldn't read the records just now. Please try again in a minute."))
		return
	}
	pdf, err := report.PDF(obs, o)
	if err != nil {
		b.renderFailed(ctx, key, "writing a report failed", err, b.say("the report"))
		return
	}
	b.log.Info("report written", keyDuration, time.Since(start).Round(time.Millisecond), keyCount, len(pdf))
	who := b.say("all the children")
	name := "medbot-report.pdf"
	if len(cmd.Children) == 1 {
		who = cmd.Children[0]
		name = "medbot-report-" + fileSafe(who) + ".pdf"
	}
	b.reply(ctx, key, b.say("The report for %s, last %s: a page per child with the temperature chart, every dose and who gave it, and the events and notes.", who, b.Units.Window(o.To.Sub(o.From))),
		Attachment{ContentType: "application/pdf", Filename: name, Data: pdf})
}

// renderFailed answers a chart or report that failed to be made from
// records that were read: it will fail again the same way, so the family
// is not told to try again in a minute. The error's text may quote a
// record, so it goes to the log at Debug only.
func (b *Bot) renderFailed(ctx context.Context, key medbot.MessageKey, what string, err error, thing string) {
	b.log.Error(what + "; the records stop it (its words are logged at Debug)")
	b.log.Debug(what, keyErr, err)
	b.reply(ctx, key, b.say("Sorry, I couldn't make %s: something in the records stops it, and asking again will not help. Whoever looks after medbot: its log says what. status and the other answers still work.", thing))
}
