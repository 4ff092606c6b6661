package bot

import (
	"sync"

	"github.com/medbot/medbot"
)

// outage is the bot's memory of a store that cannot be written: the
// messages held in order until they can be saved, whether intake has
// left saving to the workers, what was said about a message while it was
// held, and the notices posted meanwhile. It has its own lock; the bot's
// saveOrHold and saveHeld (held.go) drive it.
type outage struct {
	mu      sync.Mutex
	held    []*heldMsg
	seq     int64 // the last id given to a held message (negative)
	saving  bool  // a saveHeld goroutine runs
	paused  bool  // intake leaves saving to the workers, which hold in order
	wasHeld map[medbot.MessageKey]*heldMsg
	notices map[string]bool
	// requeue hands a saved held message to its group's worker (set by
	// Run; nil: handled where it was saved)
	requeue  func(Incoming, *medbot.Stored)
	requeued chan queued
}

func newOutage() *outage {
	return &outage{wasHeld: map[medbot.MessageKey]*heldMsg{}, notices: map[string]bool{}, requeued: make(chan queued)}
}

// holding reports whether messages wait to be saved, or intake found the
// store failing and left saving to the workers.
func (o *outage) holding() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.paused || len(o.held) > 0
}

// any reports whether messages are held (a new one must queue behind).
func (o *outage) any() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.held) > 0
}

// pause and resume say whether intake saves, or leaves it to the workers.
func (o *outage) pause() {
	o.mu.Lock()
	o.paused = true
	o.mu.Unlock()
}

func (o *outage) resume() {
	o.mu.Lock()
	o.paused = false
	o.mu.Unlock()
}

func (o *outage) isPaused() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.paused
}

// hold queues h, giving it and its records an id no stored message has;
// it reports whether a saver must be started.
func (o *outage) hold(h *heldMsg) (start bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.seq--
	h.id = o.seq
	for i := range h.obs {
		h.obs[i].MessageID = h.id
		h.obs[i].Sender = h.msg.AuthorName
	}
	o.held = append(o.held, h)
	start = !o.saving
	o.saving = true
	return start
}

// next is the oldest held message; false when none is left (the outage
// is then over).
func (o *outage) next() (*heldMsg, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.held) == 0 {
		o.saving, o.paused = false, false
		return nil, false
	}
	return o.held[0], true
}

// done takes the oldest held message off the queue; saved under key, it
// is remembered for its worker (take).
func (o *outage) done(key *medbot.MessageKey) {
	o.mu.Lock()
	defer o.mu.Unlock()
	h := o.held[0]
	o.held = o.held[1:]
	if key != nil {
		o.wasHeld[*key] = h
	}
}

// abandon drops every held message (at shutdown) and returns how many.
func (o *outage) abandon() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := len(o.held)
	o.held, o.saving = nil, false
	return n
}

// take returns what was said about a message while it was held (nothing
// when it was not held), once.
func (o *outage) take(key medbot.MessageKey) *heldMsg {
	o.mu.Lock()
	defer o.mu.Unlock()
	h := o.wasHeld[key]
	delete(o.wasHeld, key)
	if h == nil {
		return &heldMsg{}
	}
	return h
}

// answered marks a held message's command as answered.
func (o *outage) answered(h *heldMsg) {
	o.mu.Lock()
	h.answered = true
	o.mu.Unlock()
}

// warnedAbout marks every held dose of a child's medicine as warned about.
func (o *outage) warnedAbout(child, name string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, other := range o.held {
		for _, x := range other.obs {
			if x.Kind == medbot.Medication && x.Child == child && x.Name == name {
				other.warned = true
			}
		}
	}
}

// matching are the held records f selects.
func (o *outage) matching(f medbot.Filter) []medbot.Observation {
	o.mu.Lock()
	defer o.mu.Unlock()
	var obs []medbot.Observation
	for _, h := range o.held {
		for _, ob := range h.obs {
			if f.Matches(ob) {
				obs = append(obs, ob)
			}
		}
	}
	return obs
}

// markNotice notes a notice posted while held; false if it was already.
func (o *outage) markNotice(key string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.notices[key] {
		return false
	}
	o.notices[key] = true
	return true
}

// setRequeue and requeuer set and read where saved held messages go.
func (o *outage) setRequeue(f func(Incoming, *medbot.Stored)) {
	o.mu.Lock()
	o.requeue = f
	o.mu.Unlock()
}

func (o *outage) requeuer() func(Incoming, *medbot.Stored) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.requeue
}
