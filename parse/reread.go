package parse

import (
	"slices"

	"github.com/medbot/medbot"
)

// WithChildren gives each observation whose child is unknown to every one
// of children: a parent's answer to "who is this for?".
func WithChildren(obs []medbot.Observation, children []string) []medbot.Observation {
	var out []medbot.Observation
	for _, o := range obs {
		if o.Child != "" {
			out = append(out, o)
			continue
		}
		for _, c := range children {
			o.Child = c
			out = append(out, o)
		}
	}
	return out
}

// Reread parses a stored message again (medbot reparse, after the family
// changed its vocabulary). Records a parent completed by answering "who is
// this for?" keep the children given.
func (p *Parser) Reread(m medbot.Stored) []medbot.Observation {
	obs := p.Parse(m.Text, m.Clock())
	var given []string
	for _, o := range m.Observations {
		if o.Child != "" && !slices.Contains(given, o.Child) {
			given = append(given, o.Child)
		}
	}
	if len(given) == 0 {
		return obs
	}
	return WithChildren(obs, given)
}
