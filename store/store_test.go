package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

var ctx = context.Background()

var london, _ = time.LoadLocation("Europe/London")

func open(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "medbot.db")
	s, err := store.Open(path, store.Options{Zone: london})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

const group = medbot.GroupID("Z3JvdXAx")

func msg(author string, sent time.Time, text string) medbot.Message {
	return medbot.Message{Key: medbot.MessageKey{Group: group, Author: author, SentMS: sent.UnixMilli()}, AuthorName: "Mum", Text: text, ReceivedAt: sent.Add(time.Second)}
}

func temp(child string, at time.Time, v float64) medbot.Observation {
	return medbot.Observation{Kind: medbot.Temperature, Child: child, At: at, Value: v}
}

func doseObs(child, name string, at time.Time, d float64) medbot.Observation {
	return medbot.Observation{Kind: medbot.Medication, Child: child, At: at, Name: name, Dose: d, HasDose: true, Unit: "ml"}
}

func TestSaveIsIdempotent(t *testing.T) {
	s, _ := open(t)
	at := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	m := msg("uuid-mum", at, "Rory 38.4")
	first, err := saveOne(ctx, s, m, []medbot.Observation{temp("Rory", at, 38.4)})
	if err != nil {
		t.Fatal(err)
	}
	if !first.New || first.ID == 0 {
		t.Fatalf("first save: %+v", first)
	}
	// the same envelope again, even with different observations, changes nothing
	again, err := saveOne(ctx, s, m, []medbot.Observation{temp("Rory", at, 39.9), temp("Freya", at, 37)})
	if err != nil {
		t.Fatal(err)
	}
	if again.New || again.ID != first.ID {
		t.Fatalf("second save: %+v", again)
	}
	obs, err := s.Observations(ctx, medbot.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 1 || obs[0].Value != 38.4 || obs[0].Sender != "Mum" {
		t.Fatalf("observations after duplicate: %+v", obs)
	}
	if nm, no, _ := s.Counts(ctx); nm != 1 || no != 1 {
		t.Fatalf("counts %d %d", nm, no)
	}
}

func TestEditReplacesObservations(t *testing.T) {
	s, _ := open(t)
	at := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	m := msg("uuid-mum", at, "Rory 38.4")
	if _, err := saveOne(ctx, s, m, []medbot.Observation{temp("Rory", at, 38.4)}); err != nil {
		t.Fatal(err)
	}
	edit := m
	edit.Text = "Rory 38.9, calpol 5ml"
	editMS := at.Add(time.Minute).UnixMilli()
	st, applied, err := s.EditMessage(ctx, m.Key, editMS, edit, []medbot.Observation{temp("Rory", at, 38.9), doseObs("Rory", "paracetamol", at, 5)})
	if err != nil || !applied {
		t.Fatalf("edit: applied=%v err=%v", applied, err)
	}
	if st.Text != edit.Text || len(st.Observations) != 2 {
		t.Fatalf("after edit: %+v", st)
	}
	// the same edit again, and an older edit, change nothing
	for _, ms := range []int64{editMS, editMS - 1} {
		old := m
		old.Text = "Rory 36"
		_, applied, err = s.EditMessage(ctx, m.Key, ms, old, []medbot.Observation{temp("Rory", at, 36)})
		if err != nil || applied {
			t.Fatalf("stale edit %d: applied=%v err=%v", ms, applied, err)
		}
	}
	obs, _ := s.Observations(ctx, medbot.Filter{Child: "Rory"})
	var got []string
	for _, o := range obs {
		got = append(got, o.Describe())
	}
	if diff := cmp.Diff([]string{"38.9 °C", "paracetamol 5 ml"}, got); diff != "" {
		t.Error(diff)
	}
}

func TestEditAtomic(t *testing.T) {
	s, _ := open(t)
	at := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	m := msg("uuid-mum", at, "Rory 38.4")
	if _, err := saveOne(ctx, s, m, []medbot.Observation{temp("Rory", at, 38.4)}); err != nil {
		t.Fatal(err)
	}
	// an edit whose observations cannot be stored (a cancelled context midway)
	// leaves the old text and observations
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := s.EditMessage(cctx, m.Key, at.Add(time.Minute).UnixMilli(), msg("uuid-mum", at, "Rory 40"), []medbot.Observation{temp("Rory", at, 40)}); err == nil {
		t.Fatal("cancelled edit succeeded")
	}
	st, err := s.Message(ctx, m.Key)
	if err != nil {
		t.Fatal(err)
	}
	if st.Text != "Rory 38.4" || len(st.Observations) != 1 || st.Observations[0].Value != 38.4 {
		t.Fatalf("after failed edit: %+v", st)
	}
}

func TestRetractHidesFromQueries(t *testing.T) {
	s, _ := open(t)
	at := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	a := msg("uuid-mum", at, "Rory calpol 5ml")
	b := msg("uuid-dad", at.Add(time.Hour), "Rory calpol 5ml")
	saveOne(ctx, s, a, []medbot.Observation{doseObs("Rory", "paracetamol", at, 5)})
	saveOne(ctx, s, b, []medbot.Observation{doseObs("Rory", "paracetamol", at.Add(time.Hour), 5)})
	st, err := s.Retract(ctx, b.Key, "remote delete")
	if err != nil || len(st.Observations) != 1 {
		t.Fatalf("retract: %+v %v", st, err)
	}
	counts, _ := s.DoseCounts(ctx, "Rory", at.Add(2*time.Hour))
	if counts["paracetamol"] != 1 {
		t.Errorf("dose count after retraction = %d, want 1", counts["paracetamol"])
	}
	last, _ := s.LastDoses(ctx, "Rory", at.Add(2*time.Hour))
	if got := last["paracetamol"].At; !got.Equal(at) {
		t.Errorf("last dose at %v, want %v", got, at)
	}
	all, _ := s.Observations(ctx, medbot.Filter{IncludeRetracted: true})
	live, _ := s.Observations(ctx, medbot.Filter{})
	if len(all) != 2 || len(live) != 1 {
		t.Errorf("all=%d live=%d", len(all), len(live))
	}
	again, err := s.Retract(ctx, b.Key, "undo")
	if err != nil || !again.Retracted {
		t.Errorf("retract twice: %+v %v", again, err)
	}
	if _, err := s.Retract(ctx, medbot.MessageKey{Group: group, Author: "x", SentMS: 1}, "undo"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("retract unknown: %v", err)
	}
	// an edit of a retracted message does not bring it back
	if _, applied, _ := s.EditMessage(ctx, b.Key, at.Add(3*time.Hour).UnixMilli(), b, []medbot.Observation{doseObs("Rory", "paracetamol", at, 5)}); applied {
		t.Error("edit of a retracted message applied")
	}
}

func TestQueries(t *testing.T) {
	s, _ := open(t)
	base := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 6; i++ {
		at := base.Add(time.Duration(i) * 3 * time.Hour)
		saveOne(ctx, s, msg("uuid-mum", at, "x"), []medbot.Observation{temp("Rory", at, 38+float64(i)/10), doseObs("Freya", "ibuprofen", at, 5), {Kind: medbot.Event, Child: "Rory", Name: "cough", At: at}})
	}
	obs, _ := s.Observations(ctx, medbot.Filter{Child: "Rory", Kinds: []medbot.Kind{medbot.Temperature}, From: base.Add(3 * time.Hour), To: base.Add(12 * time.Hour)})
	if len(obs) != 3 || obs[0].Value != 38.1 || obs[0].At.Location() != london {
		t.Errorf("range query: %+v", obs)
	}
	ev, _ := s.Observations(ctx, medbot.Filter{Kinds: []medbot.Kind{medbot.Event}, Name: "cough"})
	if len(ev) != 6 || ev[0].MessageText != "" {
		t.Errorf("events: %d, message text %q (only when asked for)", len(ev), ev[0].MessageText)
	}
	if withText, _ := s.Observations(ctx, medbot.Filter{Kinds: []medbot.Kind{medbot.Event}, MessageText: true}); len(withText) != 6 || withText[0].MessageText != "x" {
		t.Errorf("message text asked for: %+v", withText)
	}
	last, _ := s.LastDoses(ctx, "Freya", base.Add(7*time.Hour))
	if !last["ibuprofen"].At.Equal(base.Add(6 * time.Hour)) {
		t.Errorf("last dose: %+v", last)
	}
	msgs, _ := s.LastMessages(ctx, group, "uuid-mum", 2)
	if len(msgs) != 2 || msgs[0].Key.SentMS != base.Add(15*time.Hour).UnixMilli() || len(msgs[0].Observations) != 3 {
		t.Errorf("last messages: %+v", msgs)
	}
}

// TestDoseCountsAcrossDST counts doses in the trailing 24 real hours on the
// days the clocks change in Europe/London.
func TestDoseCountsAcrossDST(t *testing.T) {
	for _, tt := range []struct {
		name string
		end  time.Time // local
	}{
		{"spring forward", time.Date(2026, 3, 29, 12, 0, 0, 0, london)},
		{"fall back", time.Date(2026, 10, 25, 12, 0, 0, 0, london)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := open(t)
			// a dose every 4 real hours, from 28 h before end
			for h := 28; h >= 0; h -= 4 {
				at := tt.end.Add(-time.Duration(h) * time.Hour)
				saveOne(ctx, s, msg("uuid-mum", at, "calpol"), []medbot.Observation{doseObs("Rory", "paracetamol", at, 5)})
			}
			counts, err := s.DoseCounts(ctx, "Rory", tt.end)
			if err != nil {
				t.Fatal(err)
			}
			// at -20, -16, -12, -8, -4, 0 hours: 6 (the one at -24 h is out)
			if counts["paracetamol"] != 6 {
				t.Errorf("count = %d, want 6", counts["paracetamol"])
			}
			// the same local clock time a day before is 23 or 25 real hours ago
			dayBefore := time.Date(tt.end.Year(), tt.end.Month(), tt.end.Day()-1, 12, 0, 0, 0, london)
			if d := tt.end.Sub(dayBefore); d == 24*time.Hour {
				t.Errorf("test dates do not span a DST change (%v)", d)
			}
		})
	}
}

func TestFileModes(t *testing.T) {
	s, path := open(t)
	at := time.Now()
	if _, err := saveOne(ctx, s, msg("u", at, "Rory 38.4"), nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
	fi, _ := os.Stat(filepath.Dir(path))
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", fi.Mode().Perm())
	}
}

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	// a database as the first medbot wrote it: migration 1 only
	body, err := os.ReadFile("migrations/0001_messages.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(string(body) + "; PRAGMA user_version = 1;"); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO messages (group_id, author, sent_ms, text, original_text, received_ms) VALUES ('g', 'a', 1, 'Rory 38.4', 'Rory 38.4', 2)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.SchemaVersion(ctx)
	if v != store.Migrations() || v < 2 {
		t.Errorf("version %d after upgrade, want %d", v, store.Migrations())
	}
	m, err := s.Message(ctx, medbot.MessageKey{Group: "g", Author: "a", SentMS: 1})
	if err != nil || m.Text != "Rory 38.4" || m.Reaction != "" {
		t.Errorf("old message after upgrade: %+v %v", m, err)
	}
	s.Close()

	// a database from a newer medbot is refused
	raw, _ = sql.Open("sqlite", path)
	raw.Exec("PRAGMA user_version = 99")
	raw.Close()
	if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrNewerSchema) {
		t.Errorf("newer schema: err = %v", err)
	}
}

func TestSentinels(t *testing.T) {
	t.Run("disk full", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "full.db")
		s, err := store.Open(path, store.Options{MaxPageCount: 40})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		big := strings.Repeat("a", 64<<10)
		var last error
		for i := 0; i < 10 && last == nil; i++ {
			_, last = saveOne(ctx, s, msg("u", time.UnixMilli(int64(i)), big), nil)
		}
		if !errors.Is(last, store.ErrDiskFull) {
			t.Fatalf("err = %v, want ErrDiskFull", last)
		}
		if !strings.HasPrefix(last.Error(), "sqlite: disk full") {
			t.Errorf("message %q", last)
		}
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
	})
	t.Run("busy", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "busy.db")
		s, err := store.Open(path, store.Options{BusyTimeout: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		raw, _ := sql.Open("sqlite", path)
		defer raw.Close()
		conn, _ := raw.Conn(ctx)
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		_, err = saveOne(ctx, s, msg("u", time.Now(), "x"), nil)
		if !errors.Is(err, store.ErrBusy) {
			t.Errorf("err = %v, want ErrBusy", err)
		}
		conn.ExecContext(ctx, "ROLLBACK")
	})
}

// TestSavedStateMatchesRead: what SaveMessages returns for a new message is
// what reading it back returns.
func TestSavedStateMatchesRead(t *testing.T) {
	s, _ := open(t)
	at := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	m := msg("uuid-mum", at, "Rory 38.4 calpol 5ml")
	m.Quote = &medbot.MessageKey{Author: "uuid-dad", SentMS: 7}
	obs := []medbot.Observation{temp("Rory", at, 38.4), doseObs("Rory", "paracetamol", at, 5), {Kind: medbot.Event, Child: "Rory", At: at, Name: "cough", Text: "coughing"}}
	saved, err := s.SaveMessages(ctx, []medbot.Stored{{Message: m, Observations: obs}})
	if err != nil {
		t.Fatal(err)
	}
	read, err := s.Message(ctx, m.Key)
	if err != nil {
		t.Fatal(err)
	}
	read.New = true
	if diff := cmp.Diff(read, saved[0]); diff != "" {
		t.Errorf("saved state differs from the stored one (-read +saved):\n%s", diff)
	}
}

// saveOne stores one message with its observations.
func saveOne(ctx context.Context, s *store.Store, m medbot.Message, obs []medbot.Observation) (medbot.Stored, error) {
	out, err := s.SaveMessages(ctx, []medbot.Stored{{Message: m, Observations: obs}})
	if err != nil {
		return medbot.Stored{}, err
	}
	return out[0], nil
}

// TestUnconfirmedLeavesImportsOut: a message medbot import wrote was never
// in the chat, so a starting bot does not try to react to it; a chat
// message stored but not confirmed is still found.
func TestUnconfirmedLeavesImportsOut(t *testing.T) {
	s, _ := open(t)
	at := time.Now().Add(-time.Hour)
	imported := msg(medbot.ImportedAuthor+"Mum", at, "Rory 38.4")
	chat := msg("uuid-mum", at.Add(time.Minute), "Rory 38.5")
	if _, err := s.SaveMessages(ctx, []medbot.Stored{{Message: imported, Observations: []medbot.Observation{temp("Rory", at, 38.4)}}, {Message: chat, Observations: []medbot.Observation{temp("Rory", at, 38.5)}}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Unconfirmed(ctx, at.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Key.Author != "uuid-mum" {
		t.Errorf("unconfirmed: %+v", got)
	}
}
