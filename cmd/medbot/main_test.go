package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// childArgsEnv, when set, makes the test binary run medbot itself with
// these arguments (separated by \x1f): tests start real medbot processes
// they can kill and measure.
const childArgsEnv = "MEDBOT_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeSignalCLIEnv); mode != "" {
		fakeSignalCLI(mode)
	}
	if args := os.Getenv(childArgsEnv); args != "" {
		syscall.Umask(0o077)
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := runMain(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, strings.Split(args, "\x1f"))
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func TestVersion(t *testing.T) {
	out, _, code := runCmd(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "medbot ") || !strings.Contains(out, runtime.GOOS+"/"+runtime.GOARCH) {
		t.Errorf("exit %d: %q", code, out)
	}
}
