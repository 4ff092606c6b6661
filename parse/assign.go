package parse

import (
	"sort"

	"github.com/medbot/medbot"
)

// segment is a stretch of the message about the same children.
type segment struct {
	from, to int // token range
	children []int
}

// assign gives every item its children and its time, following the spec:
// the message is split at each mention of a child, and the text before the
// first mention belongs to the first child mentioned. When that would leave
// the last child named with nothing while the message opens with a reading
// ("calpol 5ml Freya, nurofen 5ml Rory"), names are read as closing their
// stretch instead.
func (s *state) assign() []medbot.Observation {
	if len(s.items) == 0 {
		return nil
	}
	sort.SliceStable(s.items, func(i, j int) bool { return s.items[i].pos < s.items[j].pos })
	segs := s.segments()
	out := make([]medbot.Observation, 0, len(s.items))
	// segments and items are both in token order: one walk pairs them
	k := 0
	for _, sg := range segs {
		for k < len(s.items) && s.items[k].pos < sg.from {
			k++
		}
		for ; k < len(s.items) && s.items[k].pos < sg.to; k++ {
			it := s.items[k]
			if s.silent[it.pos] {
				continue // asked, advised, planned or reported: not a record
			}
			o := it.obs
			o.At = s.l.timeFor(s, it.pos).In(s.p.zone)
			if s.recall[it.pos] {
				if it.doubt == 0 {
					it.doubt = Recalled // "he already had nurofen at 11 remember"
					s.doubt(it, o, sg.children)
				}
				continue
			}
			if it.doubt != 0 {
				s.doubt(it, o, sg.children)
				continue
			}
			switch {
			case s.p.single != "":
				o.Child = s.p.single
				out = appendOnce(out, o)
			case len(sg.children) == 0:
				out = appendOnce(out, o)
			default:
				for _, c := range sg.children {
					o.Child = s.p.vocab.Children[c].Name
					out = appendOnce(out, o)
				}
			}
		}
	}
	return out
}

func (s *state) segments() []segment {
	n := len(s.toks)
	ms := s.mentions
	if len(ms) == 0 {
		return []segment{{from: 0, to: n}}
	}
	beforeFirst, afterLast := false, false
	for _, it := range s.items {
		if it.pos >= ms[len(ms)-1].end {
			afterLast = true
		}
		if it.pos < ms[0].start {
			beforeFirst = true
		}
	}
	if !(beforeFirst && afterLast) {
		// "Freya and Rory had calpol": one mention of both. Not in
		// "38.2 Freya and Rory 37.9", where the names split the readings.
		merged := make([]mention, 0, len(ms))
		for _, m := range ms {
			if k := len(merged) - 1; k >= 0 && m.joined {
				prev := &merged[k]
				for _, c := range m.children {
					if !containsInt(prev.children, c) {
						prev.children = append(append([]int(nil), prev.children...), c)
					}
				}
				prev.end = m.end
				continue
			}
			merged = append(merged, m)
		}
		ms = merged
	}
	segs := make([]segment, len(ms))
	for k, m := range ms {
		segs[k] = segment{from: m.start, to: n, children: m.children}
		if k+1 < len(ms) {
			segs[k].to = ms[k+1].start
		}
	}
	segs[0].from = 0
	if len(ms) >= 2 && beforeFirst && !afterLast {
		{
			// names close their stretch: "38.2 Freya, 37.9 Rory"
			prev := 0
			for k, m := range ms {
				segs[k] = segment{from: prev, to: m.end, children: m.children}
				prev = m.end
			}
			segs[len(segs)-1].to = n
		}
	}
	return segs
}

// appendOnce appends o, except an event the message already recorded for
// the same child: "had lunch, then a snack" is one food event.
func appendOnce(out []medbot.Observation, o medbot.Observation) []medbot.Observation {
	if o.Kind == medbot.Event {
		for i := range out {
			if out[i].Kind == medbot.Event && out[i].Name == o.Name && out[i].Child == o.Child {
				return out
			}
		}
	}
	return append(out, o)
}

// doubt files a doubt for each of the children it is about.
func (s *state) doubt(it item, o medbot.Observation, children []int) {
	add := func(child string) {
		o.Child = child
		s.doubts = append(s.doubts, Doubt{Kind: it.doubt, Written: it.written, Meant: o})
	}
	switch {
	case s.p.single != "":
		add(s.p.single)
	case len(children) == 0:
		add("")
	default:
		for _, c := range children {
			add(s.p.vocab.Children[c].Name)
		}
	}
}
