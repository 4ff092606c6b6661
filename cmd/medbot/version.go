package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// versionText says which medbot this is: the module version, or the
// commit it was built from, with Go's version and the machine it is for.
func versionText() string {
	v := "(unknown)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Version
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if (v == "" || v == "(devel)") && rev != "" {
			v = rev[:min(12, len(rev))]
			if dirty {
				v += "+changes"
			}
		}
	}
	return fmt.Sprintf("medbot %s (%s, %s/%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func cmdVersion(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "version", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_, err := fmt.Fprintln(e.stdout, versionText())
	return err
}
