package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/bot"
	"github.com/medbot/medbot/charts/report"
	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/store"
)

func cmdGraphs(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "graphs", "-config FILE [-db PATH] [-out DIR] [-now TIME] [-window 72h] [-timeline 24h] [-child NAME]")
	scope := addScopeFlags(fs, "72h")
	scope.log = e.log
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
	if req.Timeline, err = windowFlag("-timeline", *tl); err != nil {
		return err
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
		if err := writePrivate(path, im.PNG); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func cmdReport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "report", "-config FILE [-db PATH] [-child NAME] [-window 72h] [-now TIME] -o FILE.pdf")
	scope := addScopeFlags(fs, "72h")
	scope.log = e.log
	out := fs.String("o", "", "the PDF `file` to write (required)")
	d, err := scope.open(fs, args)
	if err != nil {
		return err
	}
	defer d.st.Close()
	if *out == "" {
		fs.Usage()
		return errUsage
	}
	now, win, kids, err := scope.read(d)
	if err != nil {
		return err
	}
	o := bot.ReportOptions(d.cfg.Family, d.cfg.Units, now, win, kids)
	obs, err := d.st.Observations(ctx, report.Filter(o))
	if err != nil {
		return fmt.Errorf("reading records for the report: %w", err)
	}
	pdf, err := report.PDF(obs, o)
	if err != nil {
		return err
	}
	if err := writePrivate(*out, pdf); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, *out)
	return nil
}

// exportColumns are the CSV header, in order.
var exportColumns = []string{"time", "child", "kind", "value", "medication", "dose", "unit", "event", "details", "sender", "message", "retracted"}

func cmdExport(ctx context.Context, e *env, args []string) (err error) {
	fs, df := dataFlagSet(e, "export", "-config FILE [-db PATH] [-format csv|json] [-child NAME] [-since 7d] [-include-retracted] [-o FILE]")
	format := fs.String("format", "csv", "csv or json (JSON lines)")
	out := fs.String("o", "", "write to this `file` (readable by you only) instead of standard output")
	child := fs.String("child", "", "only this `child`")
	since := fs.String("since", "", "only records of this last `period` (e.g. 7d); default all")
	withRetracted := fs.Bool("include-retracted", false, "include records withdrawn by a delete or undo")
	d, err := df.open(fs, args)
	if err != nil {
		return err
	}
	defer d.st.Close()
	if *format != "csv" && *format != "json" {
		return fmt.Errorf("-format: %q is neither csv nor json", *format)
	}
	f := medbot.Filter{IncludeRetracted: *withRetracted, MessageText: true}
	kids, err := children(d.p, d.cfg, *child)
	if err != nil {
		return err
	}
	if len(kids) == 1 {
		f.Child = kids[0]
	}
	if f.From, err = parseSince(*since); err != nil {
		return err
	}
	w := e.stdout
	if *out != "" {
		f, err := openPrivate(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		bw := bufio.NewWriter(f)
		w = bw
		defer func() {
			if ferr := bw.Flush(); ferr != nil && err == nil {
				err = ferr
			}
		}()
	}
	// records are written as they are read: years of them need no more
	// memory than one
	if *format == "json" {
		return exportJSON(ctx, w, d.st, f)
	}
	return exportCSV(ctx, w, d.st, f, d.cfg.Family.Zone)
}

// openPrivate opens path for writing from scratch, readable by medbot's
// user only even when it existed with a wider mode.
func openPrivate(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// exportRow is one record's fields, as text, in exportColumns order.
func exportRow(o medbot.Observation, zone *time.Location) []string {
	row := make([]string, len(exportColumns))
	row[0] = o.At.In(zone).Format(time.RFC3339)
	row[1] = o.Child
	row[2] = string(o.Kind)
	switch o.Kind.Info().Class {
	case medbot.ReadingClass:
		row[3] = strconv.FormatFloat(o.Value, 'f', -1, 64)
	case medbot.DoseClass:
		row[4] = o.Name
		if o.HasDose {
			row[5] = strconv.FormatFloat(o.Dose, 'f', -1, 64)
		}
		row[6] = o.Unit
	case medbot.EventClass:
		row[7] = o.Name
		row[8] = o.Text
	case medbot.NoteClass:
		row[8] = o.Text
	}
	row[9] = o.Sender
	row[10] = o.MessageText
	row[11] = strconv.FormatBool(o.Retracted)
	return row
}

func exportCSV(ctx context.Context, w io.Writer, st *store.Store, f medbot.Filter, zone *time.Location) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180
	if err := cw.Write(exportColumns); err != nil {
		return err
	}
	err := st.EachObservation(ctx, f, func(o medbot.Observation) error {
		return cw.Write(exportRow(o, zone))
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// exportJSON writes JSON lines in the form medbot parse writes, with who
// wrote each record, the words and whether it was withdrawn.
func exportJSON(ctx context.Context, w io.Writer, st *store.Store, f medbot.Filter) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return st.EachObservation(ctx, f, func(o medbot.Observation) error {
		j := parse.ToJSON(o)
		retracted := o.Retracted
		j.Sender, j.Message, j.Retracted = o.Sender, o.MessageText, &retracted
		return enc.Encode(j)
	})
}

// writePrivate writes data to path readable by medbot's user only, also
// over an existing file that others could read (os.WriteFile keeps an
// existing file's mode). It writes a temporary file beside it and renames
// it into place, so path holds the old contents or the new, never half.
func writePrivate(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes it 0600 already; the umask cannot widen it
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
