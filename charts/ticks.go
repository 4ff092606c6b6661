package charts

import (
	"strconv"
	"time"

	"gonum.org/v1/plot"

	"github.com/medbot/medbot"
)

// hourSteps are the spacings of labelled hour ticks medbot chooses from.
var hourSteps = []int{1, 2, 3, 6, 12, 24}

// TimeTicks returns a ticker for an axis of Unix seconds, in zone: local
// midnights labelled with weekday and date, labelled hours between as the
// space allows (labelPt is the room one label needs, widthPt the axis
// length), and unlabelled minor ticks. Labels never overlap: the spacing
// is chosen from the width, never thinned after.
func TimeTicks(zone *time.Location, widthPt, labelPt float64, u medbot.Units) plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		return timeTicks(zone, min, max, widthPt, labelPt, u)
	})
}

func timeTicks(zone *time.Location, min, max, widthPt, labelPt float64, u medbot.Units) []plot.Tick {
	if max <= min || widthPt <= 0 {
		return nil
	}
	hours := (max - min) / 3600
	step := 48
	for _, s := range hourSteps {
		if widthPt*float64(s)/hours >= labelPt {
			step = s
			break
		}
	}
	minor := step / 2
	if step == 24 {
		minor = 6
	}
	if minor < 1 {
		minor = 1
	}
	var ticks []plot.Tick
	start := time.Unix(int64(min), 0).In(zone)
	t := time.Date(start.Year(), start.Month(), start.Day(), start.Hour(), 0, 0, 0, zone)
	end := time.Unix(int64(max)+1, 0)
	for ; !t.After(end); t = t.Add(time.Hour) {
		v := float64(t.Unix())
		if v < min || v > max {
			continue
		}
		h := t.Hour()
		switch {
		case h == 0:
			ticks = append(ticks, plot.Tick{Value: v, Label: u.Weekday(t) + " " + strconv.Itoa(t.Day())})
		case step < 24 && h%step == 0:
			ticks = append(ticks, plot.Tick{Value: v, Label: hourLabel(t, u.Clock12)})
		case h%minor == 0:
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

func hourLabel(t time.Time, clock12 bool) string {
	if !clock12 {
		return t.Format("15:04")
	}
	if t.Hour() == 12 {
		return "noon"
	}
	return t.Format("3pm")
}
