package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/parse"
)

func init() {
	register("graphs", "write the charts and timelines the bot would send", cmdGraphs)
}

func cmdGraphs(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "graphs", "-config FILE [-db PATH] [-out DIR] [-now TIME] [-window 72h] [-timeline 24h] [-child NAME]")
	df := addDataFlags(fs)
	out := fs.String("out", ".", "`directory` to write the images to")
	nowFlag := fs.String("now", "", "draw as of this `time` (RFC 3339; default now)")
	window := fs.String("window", "72h", "temperature and vitals `period`")
	tl := fs.String("timeline", "24h", "timeline `period`")
	child := fs.String("child", "", "only this `child`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, p, st, err := df.open()
	if err != nil {
		return err
	}
	defer st.Close()
	var req bot.GraphRequest
	if req.Now, err = parseNow(*nowFlag); err != nil {
		return err
	}
	if req.Window, err = parseDuration(*window); err != nil {
		return fmt.Errorf("-window: %v", err)
	}
	if req.Timeline, err = parseDuration(*tl); err != nil {
		return fmt.Errorf("-timeline: %v", err)
	}
	if req.Children, err = children(p, cfg, *child); err != nil {
		return err
	}
	paths, err := writeGraphs(ctx, st, cfg, req, *out)
	for _, p := range paths {
		fmt.Fprintln(e.stdout, p)
	}
	return err
}

// childName resolves a child's name or alias.
func childName(p *parse.Parser, s string) (string, bool) {
	c, ok := p.Command("status " + s)
	if !ok || len(c.Children) != 1 {
		return "", false
	}
	return c.Children[0], true
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
