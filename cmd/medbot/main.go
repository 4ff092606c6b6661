// Command medbot reads a family's Signal group, records temperatures,
// doses and events in SQLite, and answers with charts and handovers.
//
// Usage:
//
//	medbot demo                        try it without Signal
//	medbot setup [-config medbot.toml] link or register an account, pick the group, write the configuration
//	medbot init [-o medbot.toml]       write a starter configuration
//	medbot run -config FILE            serve the family group through signal-cli
//	medbot check -config FILE          the operator's self-test
//	medbot parse -config FILE          JSON lines in, observations out
//	medbot import -config FILE         store JSON lines as group messages
//	medbot reparse -config FILE        read stored messages again
//	medbot graphs -config FILE         write the charts the bot would send
//	medbot version                     which medbot this is, for which machine
//
// Run "medbot COMMAND -h" for a command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command reads and writes, so tests can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

// commands are medbot's subcommands by name.
var commands map[string]command

func init() {
	// set in init: the commands' own code refers to commands (help)
	commands = map[string]command{
		"demo":    {"try medbot without Signal: the real bot on a made-up illness", cmdDemo},
		"setup":   {"get medbot onto Signal and write its configuration, step by step", cmdSetup},
		"run":     {"serve the family group through signal-cli's daemon", cmdRun},
		"check":   {"check configuration, database, disk and signal-cli; exit 1 on a problem", cmdCheck},
		"init":    {"write a commented starter configuration", cmdInit},
		"parse":   {"read JSON-lines messages on stdin, write their observations", cmdParse},
		"import":  {"store JSON-lines messages as the family group's", cmdImport},
		"reparse": {"read stored messages again with the current vocabulary", cmdReparse},
		"graphs":  {"write the charts and timelines the bot would send", cmdGraphs},
		"report":  {"write the doctor's report (PDF)", cmdReport},
		"export":  {"write every record as CSV or JSON lines", cmdExport},
		"backup":  {"take one backup now (medbot run takes them on schedule)", cmdBackup},
		"restore": {"put a backup back in place of the database", cmdRestore},
		"version": {"say which medbot this is, and for which machine", cmdVersion},
	}
}

// errUsage is returned for bad flags: the usage was already printed.
var errUsage = errors.New("usage")

func main() {
	// files medbot creates are its user's only
	syscall.Umask(0o077)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runMain(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

func runMain(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "medbot: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return 2
	}
	if e.log == nil {
		e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: logLevel()}))
	}
	if err := cmd.run(ctx, e, args[1:]); err != nil {
		if errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
			return 2
		}
		fmt.Fprintf(e.stderr, "medbot: %v\n", err)
		return 1
	}
	return 0
}

// logLevel reads MEDBOT_LOG_LEVEL (debug, info, warn, error); default info.
func logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv("MEDBOT_LOG_LEVEL"))); err != nil {
		return slog.LevelInfo
	}
	return l
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "medbot records a family's health messages from Signal and draws them.")
	fmt.Fprintln(w, "\nUsage: medbot COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'medbot COMMAND -h' for a command's flags.")
}

// flags returns a FlagSet that prints its usage to e.stderr.
func flags(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: medbot %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 && fs.Name() != "import" && fs.Name() != "restore" {
		fmt.Fprintf(fs.Output(), "medbot %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}
