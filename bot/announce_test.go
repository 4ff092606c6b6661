package bot_test

import (
	"context"
	"strings"
	"testing"
)

// Announce posts what medbot itself must tell the family (a failing
// backup) to the family group only, once per key.
func TestAnnounceOncePerKey(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	h.bot.Announce(ctx, "backup-failing:2026-11-24", "⚠️ Backups to /mnt/usb have failed since 03:00")
	h.bot.Announce(ctx, "backup-failing:2026-11-24", "⚠️ Backups to /mnt/usb have failed since 03:00")
	got := h.replies(1)
	if !strings.Contains(got[0].Str("message"), "Backups to /mnt/usb have failed") || got[0].Str("groupId") != string(family) {
		t.Errorf("%+v", got[0].Params)
	}
	h.quiet("send", 1)
	h.bot.Announce(ctx, "backup-failing:2026-11-25", "⚠️ still failing")
	if got := h.replies(2); !strings.Contains(got[1].Str("message"), "still failing") {
		t.Errorf("next day: %+v", got[1].Params)
	}
}
