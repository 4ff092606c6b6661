package bot

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/medbot/medbot"
)

// sendAttempts bounds how often a reply is tried in a row (RetryMin
// doubling: about half a minute at the defaults); reactAttempts a reaction,
// which is then owed (see payOwed) rather than holding up the group.
const (
	sendAttempts  = 6
	reactAttempts = 3
)

// react sets or removes a reaction, retrying a few times: reactions are
// safe to resend.
func (b *Bot) react(ctx context.Context, key medbot.MessageKey, emoji string, remove bool) error {
	if emoji == "" {
		return nil
	}
	return b.backoff(ctx, "reacting", reactAttempts, func() error { return b.Transport.React(ctx, key.Group, key, emoji, remove) }, nil)
}

// mayPass reports whether err could go away by trying later (Signal
// unreachable, rate-limited), as opposed to a refused request.
func mayPass(err error) bool {
	var r Retryable
	if errors.As(err, &r) {
		_, ok := r.RetryAfter()
		return ok
	}
	return err != nil
}

// payOwed sends the reactions owed since Signal could not be reached, one
// try each, oldest first, stopping at the first that still fails. Those
// owed when medbot stopped are found again at start (Store.Unconfirmed)
// because their reaction was never recorded.
func (b *Bot) payOwed(ctx context.Context) {
	b.mu.Lock()
	ids := make([]int64, 0, len(b.owed))
	for id := range b.owed {
		ids = append(ids, id)
	}
	b.mu.Unlock()
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		st, err := b.Store.MessageByID(ctx, id)
		if err != nil {
			return
		}
		if emoji, remove, want, change := reactionChange(st); change {
			err = b.Transport.React(ctx, st.Key.Group, st.Key, emoji, remove) // one try: the next round tries again
			if err != nil && mayPass(err) {
				return
			}
			b.setReaction(ctx, st.ID, want)
		}
		b.mu.Lock()
		delete(b.owed, id)
		b.mu.Unlock()
		b.log.Info("owed reaction sent", keyMessageTS, st.Key.SentMS)
	}
}

// reply sends text to the group quoting key, and returns its timestamp.
func (b *Bot) reply(ctx context.Context, key medbot.MessageKey, text string, atts ...Attachment) (int64, error) {
	var ts int64
	q := key
	if isUnsaved(ctx) {
		text += "\n\n" + b.say("⚠️ I can't save messages just now, so the latest ones are not in this answer.")
	}
	err := b.send(ctx, "replying", func() error {
		var err error
		ts, err = b.Transport.Send(ctx, Reply{Group: key.Group, Text: text, Quote: &q, Attachments: atts})
		return err
	})
	return ts, err
}

// send runs f, a call to the Transport, up to sendAttempts times.
func (b *Bot) send(ctx context.Context, what string, f func() error) error {
	return b.backoff(ctx, what, sendAttempts, f, nil)
}

// retry runs f, a call to the Store, until it succeeds or ctx ends: what a
// parent wrote is never given up on. trouble is told the first failure.
func (b *Bot) retry(ctx context.Context, what string, f func() error, trouble func(error)) error {
	return b.backoff(ctx, what, 0, f, trouble)
}

// backoff runs f until it succeeds, waiting RetryMin doubling to RetryMax
// between attempts (longer when the error asks), and gives up after
// attempts tries (0: never), when ctx ends, or when the error is Retryable
// and says trying again cannot help. first is told the first failure.
func (b *Bot) backoff(ctx context.Context, what string, attempts int, f func() error, first func(error)) error {
	wait := b.RetryMin
	var err error
	for attempt := 1; attempts == 0 || attempt <= attempts; attempt++ {
		if err = f(); err == nil {
			return nil
		}
		if attempt == 1 && first != nil {
			first(err)
		}
		var r Retryable
		if errors.As(err, &r) {
			d, ok := r.RetryAfter()
			if !ok {
				break // a refused request will not go away by retrying
			}
			wait = max(wait, d)
		}
		// an endless retry is a store's: when its failure is the database
		// file gone (storeInPlace tells, and tells the family once), it
		// cannot succeed, and Run is stopping
		var gone <-chan struct{}
		if attempts == 0 {
			gone = b.goneCh
		}
		if ctx.Err() != nil || (gone != nil && !b.storeInPlace(ctx)) {
			break
		}
		b.log.Debug("failed, will retry", keyWhat, what, keyAttempt, attempt, keyErr, err)
		select {
		case <-ctx.Done():
		case <-gone:
		case <-time.After(wait):
		}
		wait = min(wait*2, b.RetryMax)
	}
	if ctx.Err() != nil {
		b.log.Error("abandoned at shutdown", keyWhat, what, keyErr, err)
	} else {
		b.log.Warn("gave up", keyWhat, what, keyErr, err)
	}
	return err
}

func kindsOf(obs []medbot.Observation) string {
	set := map[string]bool{}
	for _, o := range obs {
		set[string(o.Kind)] = true
	}
	ks := make([]string, 0, len(set))
	for k := range set {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

// Announce posts text to each family group once under key (a date in the
// key makes it once a day): for what medbot itself must tell the family,
// such as failing backups.
func (b *Bot) Announce(ctx context.Context, key, text string) {
	b.init()
	for g := range b.Groups {
		if _, err := b.notice(ctx, g, key+":"+string(g), text); err != nil {
			b.log.Warn("could not tell the family", "err", err)
		}
	}
}
