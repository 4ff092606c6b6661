package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/charts"
)

// feverGap is how long without a reading of 38 °C or more ends a fever
// episode.
const feverGap = 24 * time.Hour

// when writes a moment for the summary: "Fri 20 14:10".
func when(t time.Time, o Options) string {
	zone := o.Family.Zone
	if zone == nil {
		zone = time.UTC
	}
	return t.In(zone).Format("Mon 2 ") + o.Units.Clock(t, zone)
}

// span writes a duration in days and hours: "2 days 14 h", "5 h".
func span(d time.Duration) string {
	h := int(d.Round(time.Hour).Hours())
	switch {
	case h >= 24 && h%24 == 0:
		return medbot.Count(h/24, "day")
	case h >= 24:
		return fmt.Sprintf("%s %d h", medbot.Count(h/24, "day"), h%24)
	}
	return fmt.Sprintf("%d h", h)
}

// feverEpisode says the child's latest fever episode in words: from the
// first reading of 38 °C or more with no 24 h gap between fever readings,
// to the last, with the highest. "Fever since Fri 20 14:10 (2 days 14 h);
// highest 39.4 °C at Sat 21 02:10."
func feverEpisode(own []medbot.Observation, o Options) string {
	var temps []medbot.Observation
	for _, ob := range own {
		if ob.Kind == medbot.Temperature && ob.Child != "" && !ob.At.After(o.To) {
			temps = append(temps, ob)
		}
	}
	last := -1
	for i := range temps {
		if temps[i].Value >= charts.FeverC {
			last = i
		}
	}
	if last < 0 {
		return fmt.Sprintf("No fever (%s or more) recorded in this period.", o.Units.Temperature(charts.FeverC))
	}
	first, hi := last, last
	for i := last - 1; i >= 0; i-- {
		if temps[i].Value < charts.FeverC {
			continue
		}
		if temps[first].At.Sub(temps[i].At) > feverGap {
			break
		}
		first = i
		if temps[i].Value > temps[hi].Value {
			hi = i
		}
	}
	highest := fmt.Sprintf("highest %s at %s", o.Units.Temperature(temps[hi].Value), when(temps[hi].At, o))
	start := temps[first].At
	// over when a later reading was below the line, or the last fever
	// reading is more than the gap before the report's end
	for i := last + 1; i < len(temps); i++ {
		if temps[i].Value < charts.FeverC {
			return fmt.Sprintf("Fever from %s to %s (%s); %s; below %s since %s.", when(start, o), when(temps[last].At, o),
				span(temps[last].At.Sub(start)), highest, o.Units.Temperature(charts.FeverC), when(temps[i].At, o))
		}
	}
	if o.To.Sub(temps[last].At) > feverGap {
		return fmt.Sprintf("Fever from %s to %s (%s); %s.", when(start, o), when(temps[last].At, o), span(temps[last].At.Sub(start)), highest)
	}
	return fmt.Sprintf("Fever since %s (%s); %s.", when(start, o), span(o.To.Sub(start)), highest)
}

// courseProgress says each course under way in words: the doses given
// against the doses due so far, and the missed ones by when they were
// due. "Amoxicillin (3/day for 7 days): 7 of 8 doses due so far given;
// missed: the one due Sat 21 22:00."
func courseProgress(own []medbot.Observation, o Options) []string {
	var out []string
	for _, m := range o.Family.Medications {
		if m.Schedule == nil || m.Schedule.Every <= 0 {
			continue
		}
		var doses []time.Time
		for _, ob := range own {
			if ob.Kind == medbot.Medication && ob.Name == m.Name && !ob.At.After(o.To) {
				doses = append(doses, ob.At)
			}
		}
		if len(doses) == 0 {
			continue
		}
		// the course: from its first dose after a break of two intervals
		start := 0
		for i := 1; i < len(doses); i++ {
			if doses[i].Sub(doses[i-1]) > 2*m.Schedule.Every+time.Hour {
				start = i
			}
		}
		doses = doses[start:]
		end := o.To
		if m.Schedule.Days > 0 {
			if e := doses[0].Add(time.Duration(m.Schedule.Days) * 24 * time.Hour); e.Before(end) {
				end = e
			}
		}
		// the doses due: one every interval from the first; a dose within
		// half an interval of its time counts for it
		used := make([]bool, len(doses))
		var missed []string
		due := 0
		for t := doses[0]; !t.After(end); t = t.Add(m.Schedule.Every) {
			covered := false
			for k, d := range doses {
				if !used[k] && d.Sub(t).Abs() <= m.Schedule.Every/2 {
					used[k], covered = true, true
					break
				}
			}
			switch {
			case covered:
				due++
			case t.Before(end.Add(-m.Schedule.Every / 2)):
				due++ // past its time by half an interval: missed
				missed = append(missed, when(t, o))
			}
		}
		line := fmt.Sprintf("%s (%s): %d of %s due so far given", medbot.Capitalise(m.Name), m.Schedule.Text, due-len(missed), medbot.Count(due, "dose"))
		switch len(missed) {
		case 0:
		case 1:
			line += "; missed: the one due " + missed[0]
		default:
			line += "; missed: the ones due " + strings.Join(missed, ", ")
		}
		out = append(out, line+".")
	}
	return out
}
