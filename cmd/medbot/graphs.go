package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/bot/config"
	"github.com/medbot/medbot/parse"
)

func init() {
	register("graphs", "write the charts and timelines the bot would send", cmdGraphs)
}

func cmdGraphs(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "graphs", "-config FILE [-db PATH] [-out DIR] [-now TIME] [-window 72h] [-timeline 24h] [-child NAME]")
	cfgPath := fs.String("config", "medbot.toml", "configuration `file`")
	dbPath := fs.String("db", "", "database `path` (default: the configuration's)")
	out := fs.String("out", ".", "`directory` to write the images to")
	nowFlag := fs.String("now", "", "draw as of this `time` (RFC 3339; default now)")
	window := fs.String("window", "72h", "temperature and vitals `period`")
	tl := fs.String("timeline", "24h", "timeline `period`")
	child := fs.String("child", "", "only this `child`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, p, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	req := bot.GraphRequest{Now: time.Now()}
	if *nowFlag != "" {
		if req.Now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			return fmt.Errorf("-now: %q is not an RFC 3339 time such as 2026-11-20T14:05:00Z", *nowFlag)
		}
	}
	if req.Window, err = config.ParseDuration(*window); err != nil {
		return fmt.Errorf("-window: %v", err)
	}
	if req.Timeline, err = config.ParseDuration(*tl); err != nil {
		return fmt.Errorf("-timeline: %v", err)
	}
	if *child != "" {
		name, ok := childName(p, *child)
		if !ok {
			return fmt.Errorf("-child: %q is not one of the configured children %v", *child, cfg.ChildNames())
		}
		req.Children = []string{name}
	}
	st, err := openStore(cfg, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
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
func writeGraphs(ctx context.Context, st bot.Store, cfg *config.Config, req bot.GraphRequest, dir string) ([]string, error) {
	d, err := bot.LoadGraphData(ctx, st, cfg, req)
	if err != nil {
		return nil, err
	}
	imgs, err := bot.RenderGraphs(d, cfg)
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
