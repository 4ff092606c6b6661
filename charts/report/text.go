package report

import "github.com/medbot/medbot/charts"

// printable is charts.Printable: the report and the pictures draw
// with one font, and change text the same way.
func printable(s string) (string, bool) { return charts.Printable(s) }

// printableChild makes every text of a child's part printable (the
// child's name for the charts stays as it is); it reports whether any
// character was replaced.
func printableChild(ch *child) bool {
	any := false
	fix := func(s *string) {
		var c bool
		*s, c = printable(*s)
		any = any || c
	}
	ch.Title = ch.Name
	fix(&ch.Title)
	fix(&ch.Fever)
	fix(&ch.About)
	for i := range ch.FlagRows {
		fix(&ch.FlagRows[i].Fact)
	}
	for i := range ch.Courses {
		fix(&ch.Courses[i])
	}
	for i := range ch.Doses {
		d := &ch.Doses[i]
		fix(&d.Name)
		fix(&d.Given)
		fix(&d.Dose)
		fix(&d.By)
	}
	for i := range ch.Breaches {
		b := &ch.Breaches[i]
		fix(&b.Name)
		fix(&b.Fact)
		fix(&b.By)
	}
	for i := range ch.Entries {
		fix(&ch.Entries[i].What)
		fix(&ch.Entries[i].By)
	}
	for i := range ch.Readings {
		fix(&ch.Readings[i].Sender)
	}
	return any
}
