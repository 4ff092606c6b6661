package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/medbot/medbot"
)

// intakeBatch bounds how many received messages are stored in one
// transaction.
const intakeBatch = 256

// Grace is how long Run keeps working on messages already received once
// ctx is done (they were delivered and must be stored).
const Grace = 30 * time.Second

// Run handles incoming messages until the channel closes or ctx is done.
//
// It works in two stages. Intake takes everything received so far and
// stores the messages and their records in one transaction: what the chat
// has handed over is on disk within milliseconds, whatever follows. Then a
// worker per group, in arrival order, reacts, asks, follows edits and
// deletes and answers commands; slow replies (graphs, report) are made in
// the background. When ctx ends, Run stops taking messages, finishes the
// ones it has (for up to Grace), and waits for background replies.
func (b *Bot) Run(ctx context.Context, in <-chan Incoming) error {
	b.init()
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	groups := map[medbot.GroupID]*groupQueue{}
	var workers sync.WaitGroup
	defer func() {
		for _, q := range groups {
			q.close()
		}
		stopped := make(chan struct{})
		go func() { workers.Wait(); b.wg.Wait(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(Grace):
			b.log.Error("shutdown grace period over; abandoning unfinished messages")
			cancel()
			<-stopped
		}
	}()
	enqueue := func(ev Incoming, pre *medbot.Stored, rd *read) {
		q, ok := groups[ev.Group]
		if !ok {
			q = newGroupQueue()
			groups[ev.Group] = q
			workers.Add(1)
			go func() {
				defer workers.Done()
				for {
					it, ok := q.pop()
					if !ok {
						return
					}
					b.handle(work, it.ev, it.pre, it.rd)
				}
			}()
		}
		q.push(queued{ev, pre, rd})
	}
	b.out.setRequeue(func(ev Incoming, pre *medbot.Stored) {
		select {
		case b.out.requeued <- queued{ev, pre, nil}:
		case <-ctx.Done():
			b.handle(work, ev, pre, nil) // Run is stopping: confirm it here
		}
	})
	b.confirmUnconfirmed(work, enqueue)
	for {
		var batch []Incoming
		select {
		case <-ctx.Done():
			return nil
		case <-b.goneCh:
			return ErrStoreGone
		case it := <-b.out.requeued:
			enqueue(it.ev, it.pre, it.rd)
			continue
		case ev, ok := <-in:
			if !ok {
				return nil
			}
			batch = append(batch, ev)
		}
		closed := false
	drain:
		for len(batch) < intakeBatch {
			select {
			case ev, ok := <-in:
				if !ok {
					closed = true
					break drain
				}
				batch = append(batch, ev)
			default:
				break drain
			}
		}
		pre, reads := b.intake(work, batch)
		if b.gone.Load() {
			return ErrStoreGone
		}
		for i, ev := range batch {
			if !b.accepts(ev) {
				b.outsider(work, ev)
				continue
			}
			enqueue(ev, pre[i], reads[i])
		}
		if closed {
			return nil
		}
	}
}

// confirmUnconfirmed queues what an earlier run stored but did not confirm.
func (b *Bot) confirmUnconfirmed(ctx context.Context, enqueue func(Incoming, *medbot.Stored, *read)) {
	unconfirmed, err := b.Store.Unconfirmed(ctx, b.Now().Add(-24*time.Hour))
	if err != nil {
		b.log.Warn("looking for unconfirmed messages failed", keyErr, err)
		return
	}
	for i := range unconfirmed {
		st := unconfirmed[i]
		if !b.Groups[st.Key.Group] {
			continue
		}
		b.log.Info("confirming a message stored before a restart", keyMessageTS, st.Key.SentMS)
		enqueue(Incoming{Kind: Text, Group: st.Key.Group, Author: st.Key.Author, AuthorName: st.AuthorName, SentMS: st.Key.SentMS, Text: st.Text}, &st, nil)
	}
}

// intake reads the new messages of a batch, stores them in one
// transaction and returns each one's stored state (nil when not stored
// here: edits, deletes, other groups, or a store failure, which the group
// worker then retries and reports) and what was read from it, which
// travels with it to the worker.
func (b *Bot) intake(ctx context.Context, batch []Incoming) (pre []*medbot.Stored, reads []*read) {
	pre = make([]*medbot.Stored, len(batch))
	reads = make([]*read, len(batch))
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("storing received messages panicked", keyErr, fmt.Sprint(r), keyStack, string(debug.Stack()))
			pre = make([]*medbot.Stored, len(batch))
		}
	}()
	var ims []medbot.Stored
	var idx []int
	now := b.Now()
	for i, ev := range batch {
		if ev.Kind != Text || !b.accepts(ev) {
			continue
		}
		m := messageOf(ev, now)
		clk := b.clockOf(ev, batch, now)
		m.ReadAt = clk.at
		reads[i] = b.readMessage(ev, clk)
		ims = append(ims, medbot.Stored{Message: m, Observations: recordsOf(reads[i].r)})
		idx = append(idx, i)
	}
	if len(ims) == 0 {
		return pre, reads
	}
	if b.out.isPaused() {
		return pre, reads // the store could not be written: these wait behind the held ones, in order
	}
	sts, err := b.Store.SaveMessages(ctx, ims)
	if err != nil {
		b.log.Debug("storing a batch failed; storing one by one", keyCount, len(ims), keyErr, err)
		b.out.pause() // until the workers have stored what is before
		return pre, reads
	}
	if !b.saved(ctx, sts) {
		return pre, reads
	}
	for k := range sts {
		pre[idx[k]] = &sts[k]
	}
	return pre, reads
}

// queued is a received message with what intake stored for it.
type queued struct {
	ev  Incoming
	pre *medbot.Stored
	rd  *read
}

// groupQueue holds a group's received messages in order. It is unbounded:
// what it holds is already stored, and a bounded queue here could stall
// reading the chat while a worker waits for the chat's answer.
type groupQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []queued
	closed bool
}

func newGroupQueue() *groupQueue {
	q := &groupQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *groupQueue) push(it queued) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *groupQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// pop waits for the next message; false once closed and empty.
func (q *groupQueue) pop() (queued, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return queued{}, false
	}
	it := q.items[0]
	q.items[0] = queued{}
	q.items = q.items[1:]
	return it, true
}
