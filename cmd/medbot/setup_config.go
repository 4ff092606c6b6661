package main

// medbot setup, steps 4 and 5: the family, then the configuration
// written and checked, and the systemd units.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/store"
)

// --- step 4: the family -------------------------------------------------

func (s *setup) askFamily(ctx context.Context) error {
	for _, c := range s.f.children {
		s.children = append(s.children, childOf(c))
	}
	if len(s.children) == 0 && s.old != nil && len(s.old.Child) > 0 {
		var names []string
		for _, c := range s.old.Child {
			names = append(names, describeChild(c))
		}
		keep, err := s.p.confirm(ctx, "Children: "+strings.Join(names, "; ")+". Keep them?", true)
		if err != nil {
			return err
		}
		if keep {
			s.children = s.old.Child
		}
	}
	for len(s.children) == 0 {
		if s.f.yes {
			return errors.New("no children: give each with -child (with nicknames after a colon: -child \"Rory: Roo, Ror\")")
		}
		s.p.say("The children's names, one per line, with the date of birth if you like (the flags for babies and by age need it)\nand the nicknames parents use after a colon (Rory 2024-06-10: Roo, Ror).\nAn empty line when done.")
		for {
			line, err := s.p.ask(ctx, "Child", "", "-child")
			if err != nil {
				return err
			}
			if line == "" {
				break
			}
			// each child is checked as it is given: only a child that
			// cannot be used is asked again, in plain words
			s.children = append(s.children, childOf(line))
			if err := s.checkChildren(); err != nil {
				bad := s.children[len(s.children)-1]
				s.children = s.children[:len(s.children)-1]
				s.p.say("%s Type that child again.", plainChildProblem(err, bad))
			}
		}
	}
	if err := s.checkChildren(); err != nil {
		return err
	}

	def := s.f.zone
	if def == "" && s.old != nil {
		def = s.old.Timezone
	}
	if def == "" {
		def = machineZone()
	}
	for {
		z, err := s.p.ask(ctx, "Time zone", def, "-timezone")
		if err != nil {
			return err
		}
		if _, err := time.LoadLocation(z); err == nil && z != "" && !strings.EqualFold(z, "local") {
			s.zone = z
			break
		}
		if s.f.yes {
			return fmt.Errorf("unknown time zone %q: give an IANA name such as Europe/London", z)
		}
		s.p.say("%q is not a time zone: an IANA name such as Europe/London or America/New_York.", z)
	}
	var err error
	if s.language, err = s.askOneOf(ctx, "Language the family writes in, en or de (medbot answers in it)", s.f.language, oldOr(s.old, func(f *file) string { return f.Language }, "en"), "-language", "en", "de"); err != nil {
		return err
	}
	if s.units, err = s.askOneOf(ctx, "Temperatures in C or F", s.f.units, oldOr(s.old, func(f *file) string { return f.TemperatureUnit }, "C"), "-units", "C", "F"); err != nil {
		return err
	}
	if s.clock, err = s.askOneOf(ctx, "Clock, 24h or 12h", s.f.clock, oldOr(s.old, func(f *file) string { return f.Clock }, "24h"), "-clock", "24h", "12h"); err != nil {
		return err
	}
	s.backup = s.f.backup
	s.sameDisk = s.f.sameDisk
	if s.backup == "" && s.old != nil {
		s.backup = s.old.Backup.Dir
		s.sameDisk = s.sameDisk || s.old.Backup.SameDisk
	}
	for !s.f.yes {
		s.p.say("Backups belong off this machine's disk: a folder on a USB stick, a NAS share or a second disk.")
		b, err := s.p.ask(ctx, "Backup folder (Enter: decide later)", s.backup, "-backup")
		if err != nil {
			return err
		}
		if b == "" {
			break
		}
		if fi, err := os.Stat(b); err != nil || !fi.IsDir() {
			s.p.say("%s is not a folder here (is it mounted?).", b)
			s.backup = ""
			continue
		}
		s.backup = b
		if s.onDatabaseDisk(b) && !s.sameDisk {
			keep, err := s.p.confirm(ctx, "That folder is on this machine's own disk: a backup there is lost with it. Keep it anyway?", false)
			if err != nil {
				return err
			}
			if !keep {
				s.backup = ""
				continue
			}
			s.sameDisk = true
		}
		break
	}
	return nil
}

// onDatabaseDisk reports whether dir is on the disk the database will be
// on (beside the configuration, unless it names another place).
func (s *setup) onDatabaseDisk(dir string) bool {
	cfgDir, err := filepath.Abs(filepath.Dir(s.f.config))
	if err != nil {
		return false
	}
	db := filepath.Join(cfgDir, "medbot.db")
	if s.old != nil && s.old.Database != "" {
		db = beside(filepath.Join(cfgDir, "medbot.toml"), s.old.Database)
	}
	return errors.Is(store.BackupDirOK(dir, db, false), store.ErrSameDisk)
}

func (s *setup) askOneOf(ctx context.Context, question, given, def, flag string, choices ...string) (string, error) {
	for {
		a := given
		if a == "" {
			var err error
			if a, err = s.p.ask(ctx, question, def, flag); err != nil {
				return "", err
			}
		}
		for _, c := range choices {
			if strings.EqualFold(a, c) || strings.EqualFold(a, strings.TrimSuffix(c, "h")) {
				return c, nil
			}
		}
		if given != "" || s.f.yes {
			return "", fmt.Errorf("%s %q: give %s", flag, a, strings.Join(choices, " or "))
		}
		s.p.say("Please answer %s.", strings.Join(choices, " or "))
	}
}

func oldOr(f *file, get func(*file) string, def string) string {
	if f != nil && get(f) != "" {
		return get(f)
	}
	return def
}

// childOf reads "Rory: Roo, Ror", or "Rory 2024-06-10: Roo" with the
// date (or month) of birth.
func childOf(s string) fileChild {
	name, nicks, _ := strings.Cut(s, ":")
	c := fileChild{}
	var words []string
	for _, w := range strings.Fields(name) {
		if isBornWord(w) && c.Born == "" {
			c.Born = w
			continue
		}
		words = append(words, w)
	}
	c.Name = strings.Join(words, " ")
	for _, n := range strings.Split(nicks, ",") {
		if n = strings.TrimSpace(n); n != "" {
			c.Aliases = append(c.Aliases, n)
		}
	}
	return c
}

// isBornWord reports whether w is written as a date or month of birth:
// 2024-06-10 or 2024-06.
func isBornWord(w string) bool {
	if len(w) != 10 && len(w) != 7 {
		return false
	}
	for i, r := range w {
		if (i == 4 || i == 7) != (r == '-') || (r != '-' && (r < '0' || r > '9')) {
			return false
		}
	}
	return true
}

func describeChild(c fileChild) string {
	if len(c.Aliases) == 0 {
		return c.Name
	}
	return c.Name + " (" + strings.Join(c.Aliases, ", ") + ")"
}

// checkChildren checks the names as the configuration will: reserved
// words, duplicates, a name or nickname that is also a medicine's. The
// rest of what setup writes is valid already, so every problem found is
// about the children.
func (s *setup) checkChildren() error {
	_, err := parseConfig([]byte(s.configText("Europe/London")), "")
	return err
}

// plainChildProblem says in plain words what is wrong with child c, from
// the configuration's errors ("child[1].aliases: …" becomes "Rory's
// nickname …").
func plainChildProblem(err error, c fileChild) string {
	var ces ConfigErrors
	if !errors.As(err, &ces) {
		return err.Error() + "."
	}
	var out []string
	for _, ce := range ces {
		switch {
		case strings.HasPrefix(ce.Key, "medication") || strings.HasPrefix(ce.Key, "event"):
			// a default medicine's or event's word: "calpol"
			word, _, _ := strings.Cut(ce.Problem, " is also")
			out = append(out, fmt.Sprintf("%s is a word medbot reads as a medicine or an event: a child needs another name or nickname.", word))
		case strings.HasSuffix(ce.Key, ".aliases") || strings.Contains(ce.Key, ".aliases["):
			out = append(out, fmt.Sprintf("%s's nickname %s.", c.Name, ce.Problem))
		case strings.HasSuffix(ce.Key, ".name"):
			out = append(out, fmt.Sprintf("The name %s.", ce.Problem))
		default:
			out = append(out, medbot.Capitalise(ce.Problem)+".")
		}
	}
	return strings.Join(out, " ")
}

// machineZone is this machine's IANA zone name: TZ, the /etc/localtime
// link, /etc/timezone, or UTC.
func machineZone() string {
	if tz := os.Getenv("TZ"); tz != "" {
		if _, err := time.LoadLocation(strings.TrimPrefix(tz, ":")); err == nil {
			return strings.TrimPrefix(tz, ":")
		}
	}
	if l, err := os.Readlink("/etc/localtime"); err == nil {
		if _, z, ok := strings.Cut(l, "zoneinfo/"); ok {
			if _, err := time.LoadLocation(z); err == nil {
				return z
			}
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if z := strings.TrimSpace(string(b)); z != "" {
			if _, err := time.LoadLocation(z); err == nil {
				return z
			}
		}
	}
	return "UTC"
}

// --- step 5: write, check, systemd --------------------------------------

// configText is the configuration setup writes: its own answers, and the
// rest of an existing configuration (medicines, events, backup settings)
// carried over.
func (s *setup) configText(zone string) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("# medbot configuration, written by medbot setup on %s.", time.Now().Format("2 Jan 2006"))
	w("# Run medbot setup again to change these answers; every key is in the README.")
	w("")
	w("timezone = %s", tomlString(zone))
	if s.language != "" && s.language != "en" {
		w("language = %s", tomlString(s.language))
	}
	if s.units != "" && s.units != "C" {
		w("temperature_unit = %s", tomlString(s.units))
	}
	if s.clock != "" && s.clock != "24h" {
		w("clock = %s", tomlString(s.clock))
	}
	if s.old != nil {
		if s.old.Database != "" {
			w("database = %s", tomlString(s.old.Database))
		}
		if s.old.QuietHours != "" {
			w("quiet_hours = %s", tomlString(s.old.QuietHours))
		}
	}
	for _, c := range s.children {
		w("\n[[child]]\nname = %s", tomlString(c.Name))
		if len(c.Aliases) > 0 {
			w("aliases = %s", tomlList(c.Aliases))
		}
		if c.Colour != "" {
			w("colour = %s", tomlString(c.Colour))
		}
		if c.Born != "" {
			w("born = %s", tomlString(c.Born))
		}
		if c.WeightKg != nil {
			w("weight_kg = %v", *c.WeightKg)
		}
		writePlan(w, c.Plan)
	}
	if s.old != nil && (len(s.old.Medication) > 0 || len(s.old.Event) > 0) {
		var kept bytes.Buffer
		toml.NewEncoder(&kept).Encode(struct {
			Medication []fileMed  `toml:"medication,omitempty"`
			Event      []fileItem `toml:"event,omitempty"`
		}{s.old.Medication, s.old.Event})
		w("\n# kept from the configuration before setup\n%s", strings.TrimSpace(kept.String()))
	}
	if s.old != nil {
		writeFlags(w, s.old.Flags)
		if len(s.old.Alert.Command) > 0 {
			w("\n[alert]\ncommand = %s", tomlList(s.old.Alert.Command))
		}
	}
	w("\n[backup]")
	if s.backup != "" {
		w("dir = %s", tomlString(s.backup))
		if s.sameDisk {
			w("same_disk = true   # a copy on this machine's own disk, as asked")
		}
	} else {
		w("# dir = \"/mnt/usb/medbot\"   # a USB stick, a NAS share, a second disk: medbot check shows ✗ until it is set")
	}
	if s.old != nil {
		if s.old.Backup.Every != "" {
			w("every = %s", tomlString(s.old.Backup.Every))
		}
		if s.old.Backup.Keep != nil {
			w("keep = %d", *s.old.Backup.Keep)
		}
		if len(s.old.Backup.AgeRecipients) > 0 {
			w("age_recipients = %s", tomlList(s.old.Backup.AgeRecipients))
		}
	}
	w("\n[signal]")
	if s.command != "" {
		w("command = %s   # medbot run starts signal-cli itself", tomlString(s.command))
		// the data folder setup used, whoever runs medbot later
		w("config_dir = %s", tomlString(s.signalData()))
	} else if s.network == "tcp" {
		w("tcp = %s", tomlString(s.addr))
	} else if s.addr != "" {
		w("socket = %s", tomlString(s.addr))
	}
	if s.account != "" {
		w("account = %s", tomlString(s.account))
	}
	var ids []string
	for _, g := range s.groups {
		ids = append(ids, string(g.ID))
	}
	w("groups = %s", tomlList(ids))
	for _, g := range s.groups {
		w("# %s: %s", g.ID, strings.ReplaceAll(orUnnamed(g.Name), "\n", " "))
	}
	return b.String()
}
