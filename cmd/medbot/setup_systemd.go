package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
)

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
