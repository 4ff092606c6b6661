package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/medbot/medbot/bot"
)

func cmdGraphs(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "graphs", "-config FILE [-db PATH] [-out DIR] [-now TIME] [-window 72h] [-timeline 24h] [-child NAME]")
	scope := addScopeFlags(fs, "72h")
	out := fs.String("out", ".", "`directory` to write the images to")
	tl := fs.String("timeline", "24h", "timeline `period`")
	d, err := scope.open(fs, args)
	if err != nil {
		return err
	}
	defer d.st.Close()
	var req bot.GraphRequest
	if req.Now, req.Window, req.Children, err = scope.read(d); err != nil {
		return err
	}
	if req.Timeline, err = parseDuration(*tl); err != nil {
		return fmt.Errorf("-timeline: %v", err)
	}
	paths, err := writeGraphs(ctx, d.st, d.cfg, req, *out)
	for _, p := range paths {
		fmt.Fprintln(e.stdout, p)
	}
	return err
}

// writeGraphs renders the graphs reply into dir and returns the files' paths.
func writeGraphs(ctx context.Context, st bot.Records, cfg *Config, req bot.GraphRequest, dir string) ([]string, error) {
	obs, err := st.Observations(ctx, req.Filter())
	if err != nil {
		return nil, fmt.Errorf("reading records for graphs: %w", err)
	}
	imgs, err := bot.Graphs(obs, req, &cfg.Family, cfg.Units)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var paths []string
	for _, im := range imgs {
		path := filepath.Join(dir, im.Name)
		if err := os.WriteFile(path, im.PNG, 0o600); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}
