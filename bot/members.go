package bot

import (
	"context"
)

// SetMembers replaces the family groups' members (their ids), as the
// groups change.
func (b *Bot) SetMembers(members map[string]bool) {
	b.init()
	b.mu.Lock()
	b.members = members
	b.mu.Unlock()
}

// member reports whether id is a member of the family groups (true when
// they are not known).
func (b *Bot) member(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.members == nil || b.members[id]
}

// accepts reports whether ev is the family's: in a family group, from one
// of its members.
func (b *Bot) accepts(ev Incoming) bool {
	return b.Groups[ev.Group] && b.member(ev.Author)
}

// outsider answers a message from outside the family groups: nothing is
// stored; a direct message from a member gets one pointer to the group. A
// message in a family group from someone not in it is dropped.
func (b *Bot) outsider(ctx context.Context, ev Incoming) {
	if b.Groups[ev.Group] {
		b.log.Debug("a message in a family group from someone not in it ignored", keyEvent, ev.Kind.String())
		return
	}
	b.mu.Lock()
	known := b.members[ev.Author]
	b.mu.Unlock()
	if ev.Group != "" || ev.Kind != Text || !known {
		b.log.Debug("message from outside the family groups ignored", keyEvent, ev.Kind.String())
		return
	}
	b.mu.Lock()
	done := b.pointed[ev.Author]
	b.pointed[ev.Author] = true
	b.mu.Unlock()
	if done {
		return
	}
	_, err := b.Transport.Send(ctx, Reply{Recipient: ev.Author, Text: b.say("I only read and answer in the family group, so everyone sees the same records. Please write there.")})
	if err != nil {
		b.log.Warn("pointing a direct message to the group failed", keyErr, err)
	}
}
