package main

// medbot setup, steps 4 and 5: the family, then the configuration
// written and checked, and the systemd units.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
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

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSpace(b.String())
}

func tomlList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = tomlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

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

func (s *setup) finish(ctx context.Context) error {
	text := s.configText(s.zone)
	if _, err := parseConfig([]byte(text), s.f.config); err != nil {
		return fmt.Errorf("the configuration setup made is not valid (a bug in medbot setup; nothing written): %v", err)
	}
	path := s.f.config
	if _, err := os.Stat(path); err == nil {
		keep := path + ".before-setup"
		old, err := os.ReadFile(path)
		if err == nil {
			err = writePrivate(keep, old)
		}
		if err != nil {
			return fmt.Errorf("keeping the old configuration: %w", err)
		}
		s.p.say("(the previous configuration is kept as %s)", keep)
	}
	if err := writePrivate(path, []byte(text)); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	s.p.say("✓ wrote %s (readable by you only)", path)
	s.p.say("\nmedbot check:")
	checks := runChecks(ctx, path, "")
	printChecks(s.p.out, checks)
	failed := false
	for _, c := range checks {
		if !c.ok && !strings.HasPrefix(c.text, "no backups") {
			failed = true
		}
	}
	if err := s.systemdStep(ctx); err != nil {
		return err
	}
	if failed {
		return fmt.Errorf("%s is written, but a check failed: fix the ✗ above, then run medbot check -config %s", path, path)
	}
	s.p.say("\nDone. Start medbot with:\n  medbot run -config %s\nthen write \"help\" in the family group.", path)
	return nil
}

// systemdStep writes (-systemd DIR) or prints the units that run medbot:
// exactly what setup ran (the same signal-cli, its data folder, the
// account, the Java that worked), as a dedicated user, never root.
func (s *setup) systemdStep(ctx context.Context) error {
	cfg, err := filepath.Abs(s.f.config)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil || strings.Contains(self, "go-build") {
		self = "/usr/local/bin/medbot"
	}
	me := ""
	if u, err := user.Current(); err == nil {
		me = u.Username
	}
	runAs := s.f.user
	if runAs == "" {
		runAs = me
	}
	if runAs == "" || runAs == "root" {
		runAs = "medbot" // a family's health records are no root's business
	}
	sc := s.command
	if sc == "" {
		sc = "/usr/local/bin/signal-cli"
		if p, err := exec.LookPath("signal-cli"); err == nil {
			sc, _ = filepath.Abs(p)
		}
	}
	plan := unitPlan{medbot: self, config: cfg, user: runAs, separate: s.command == "", signalCLI: sc,
		network: s.network, addr: s.addr, account: s.account, signalData: s.signalData(), javaHome: os.Getenv("JAVA_HOME"), backup: s.backup}
	units := systemdUnits(plan)
	dir := s.f.systemd
	if dir == "" && !s.f.yes {
		s.p.say("\nmedbot can start with the machine (systemd).")
		if dir, err = s.p.ask(ctx, "Folder to write the unit files to, e.g. /etc/systemd/system (Enter: print them)", "", "-systemd"); err != nil {
			return err
		}
	}
	if dir == "" {
		for _, u := range units {
			s.p.say("\n# %s\n%s", u.name, u.text)
		}
		s.p.say("Save them in /etc/systemd/system/.")
	} else {
		for _, u := range units {
			p := filepath.Join(dir, u.name)
			if err := writePrivate(p, []byte(u.text)); err != nil {
				return fmt.Errorf("writing %s: %w (write them as root, or leave out -systemd to print them)", p, err)
			}
			s.p.say("✓ wrote %s", p)
		}
	}
	if runAs != me {
		// the files setup wrote are this user's: hand them over
		folders := []string{filepath.Dir(cfg), plan.signalData}
		if s.backup != "" {
			folders = append(folders, s.backup)
		}
		s.p.say("The units run medbot as the user %q, not %s. Before starting them:\n  sudo useradd --system --create-home --home-dir /var/lib/%s --shell /usr/sbin/nologin %s\n  sudo chown -R %s: %s",
			runAs, orName(me), runAs, runAs, runAs, strings.Join(folders, " "))
	}
	s.p.say("Then: sudo systemctl daemon-reload && sudo systemctl enable --now medbot")
	return nil
}

func orName(name string) string {
	if name == "" {
		return "you"
	}
	return name
}

// signalData is the signal-cli data folder setup used: -signal-config, or
// signal-cli's own default for this user ($XDG_DATA_HOME/signal-cli,
// ~/.local/share/signal-cli), written out so that a unit running as
// another user finds the same account.
func (s *setup) signalData() string {
	if s.f.signalConfig != "" {
		p, _ := filepath.Abs(s.f.signalConfig)
		return p
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "signal-cli")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "/var/lib/medbot/.local/share/signal-cli"
	}
	return filepath.Join(home, ".local", "share", "signal-cli")
}

type unit struct{ name, text string }

// unitPlan is what the units start: medbot with its configuration, as
// user; and, when medbot does not start signal-cli itself (separate), the
// daemon setup spoke to, with its data folder and account. javaHome is the
// JAVA_HOME that worked, carried into the unit that starts signal-cli;
// backup the backup folder, which the unit waits to be mounted.
type unitPlan struct {
	medbot, config, user                                    string
	separate                                                bool
	signalCLI, network, addr, account, signalData, javaHome string
	backup                                                  string
}

// systemdUnits are the units for medbot (and, when medbot does not start
// signal-cli itself, for signal-cli's daemon).
func systemdUnits(p unitPlan) []unit {
	var out []unit
	env := ""
	if p.javaHome != "" {
		env = "Environment=JAVA_HOME=" + p.javaHome + "\n"
	}
	after := ""
	if p.separate {
		listen := "--socket " + p.addr
		if p.network == "tcp" {
			listen = "--tcp " + p.addr
		}
		args := ""
		if p.signalData != "" {
			args += "--config " + p.signalData + " "
		}
		if p.account != "" {
			args += "-a " + p.account + " "
		}
		out = append(out, unit{"signal-cli.service", fmt.Sprintf(`[Unit]
Description=signal-cli JSON-RPC daemon for medbot
After=network-online.target
Wants=network-online.target

[Service]
User=%s
%sExecStart=%s %sdaemon %s --receive-mode=on-connection --no-receive-stdout
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
`, p.user, env, p.signalCLI, args, listen)})
		after = "After=signal-cli.service\nWants=signal-cli.service\n"
		env = ""
	}
	if p.backup != "" {
		// ordered after the stick's mount, but not bound to it: without
		// the stick medbot still records, and says backups fail
		after += "# mount the backup folder's disk first when it is there; start without it\n" +
			"# (Requires would leave every message unrecorded for want of a stick).\n" +
			"# systemd before 256 ignores this line, and medbot retries the backup.\n" +
			"WantsMountsFor=" + p.backup + "\n"
	}
	out = append(out, unit{"medbot.service", fmt.Sprintf(`[Unit]
Description=medbot: the family's health messages from Signal
After=network-online.target
Wants=network-online.target
%s
[Service]
Type=notify
User=%s
UMask=0077
%sExecStart=%s run -config %s
Restart=on-failure
RestartSec=5
# restart a medbot that is alive but stuck
WatchdogSec=60

[Install]
WantedBy=multi-user.target
`, after, p.user, env, p.medbot, p.config)})
	return out
}
