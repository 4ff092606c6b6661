package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/medbot/medbot"
	"github.com/medbot/medbot/parse"
	"github.com/medbot/medbot/store"
)

// maxLine is the longest input line read (a message with its JSON).
const maxLine = 16 << 20

// lines calls f for each line of r, lines of any length up to maxLine.
func lines(r io.Reader, f func(n int, line []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	n := 0
	for {
		line, err := readLine(br)
		if len(line) > 0 || err == nil {
			n++
			if ferr := f(n, line); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readLine reads one line without its newline. A line longer than maxLine
// is returned cut to maxLine (the rest is skipped), so it fails to decode
// with a clear error instead of stopping the stream.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) <= maxLine {
			buf = append(buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if n := len(buf); n > 0 && buf[n-1] == '\n' {
			buf = buf[:n-1]
		}
		return buf, err
	}
}

// importGroup is the group id imported messages are stored under: the
// first configured group, as written in the configuration.
func importGroup(cfg *Config) medbot.GroupID {
	if len(cfg.Groups) > 0 {
		return medbot.GroupID(cfg.Groups[0])
	}
	return "import"
}

// importBatch is how many messages are stored per transaction.
const importBatch = 2000

func cmdImport(ctx context.Context, e *env, args []string) (err error) {
	fs, df := dataFlagSet(e, "import", "-config FILE [-db PATH] [FILE.jsonl ...]")
	df.create = true
	d, err := df.open(fs, args)
	if err != nil {
		return err
	}
	// closing checkpoints what was imported into the database file: a
	// failure there is the import's
	defer func() { err = errors.Join(err, d.st.Close()) }()
	im := &importer{p: d.p, st: d.st, group: importGroup(d.cfg), e: e}
	inputs := fs.Args()
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	for _, in := range inputs {
		if err := im.file(ctx, in); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "imported %s (%d already stored, %s)\n", medbot.Count(im.added, "new message"), im.seen-im.added, medbot.Count(im.bad, "bad line"))
	if im.bad > 0 {
		return fmt.Errorf("%s could not be read (see above); the rest were stored", medbot.Count(im.bad, "line"))
	}
	return nil
}

type importer struct {
	p                *parse.Parser
	st               *store.Store
	group            medbot.GroupID
	e                *env
	batch            []medbot.Stored
	added, seen, bad int
}

func (im *importer) file(ctx context.Context, name string) error {
	var r io.Reader = im.e.stdin
	var size int64
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		r = f
	}
	prog := newProgress(im.e.stderr, size)
	cr := &countingReader{r: r}
	err := lines(cr, func(n int, line []byte) error {
		if len(strings.TrimSpace(string(line))) == 0 {
			return nil
		}
		in, at, err := parse.DecodeInput(line)
		if err != nil {
			im.bad++
			fmt.Fprintf(im.e.stderr, "%s:%d: %v\n", name, n, err)
			return nil
		}
		sender := in.Sender
		if sender == "" {
			sender = "import"
		}
		m := medbot.Message{
			Key:        medbot.MessageKey{Group: im.group, Author: medbot.ImportedAuthor + sender, SentMS: at.UnixMilli()},
			AuthorName: sender,
			Text:       *in.Text,
			ReceivedAt: at,
		}
		im.batch = append(im.batch, medbot.Stored{Message: m, Observations: im.p.Parse(m.Text, at)})
		im.seen++
		if len(im.batch) >= importBatch {
			if err := im.flush(ctx); err != nil {
				return err
			}
			prog.update(cr.n, im.seen)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := im.flush(ctx); err != nil {
		return err
	}
	prog.done(cr.n, im.seen)
	return nil
}

func (im *importer) flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	saved, err := im.st.SaveMessages(ctx, im.batch)
	if err != nil {
		return fmt.Errorf("storing imported messages: %w", err)
	}
	for _, st := range saved {
		if st.New {
			im.added++
		}
	}
	im.batch = im.batch[:0]
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progress draws a bar on a terminal; elsewhere it is silent.
type progress struct {
	w     io.Writer
	total int64
	on    bool
	last  time.Time
}

func newProgress(w io.Writer, total int64) *progress {
	on := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	return &progress{w: w, total: total, on: on}
}

func (p *progress) update(done int64, msgs int) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	if p.total > 0 {
		frac := float64(done) / float64(p.total)
		if frac > 1 {
			frac = 1
		}
		bar := strings.Repeat("█", int(frac*30)) + strings.Repeat("░", 30-int(frac*30))
		fmt.Fprintf(p.w, "\r%s %3.0f%% %d messages", bar, frac*100, msgs)
		return
	}
	fmt.Fprintf(p.w, "\r%d messages", msgs)
}

func (p *progress) done(done int64, msgs int) {
	if p.on && !p.last.IsZero() {
		p.last = time.Time{}
		p.update(done, msgs)
		fmt.Fprintln(p.w)
	}
}

func cmdReparse(ctx context.Context, e *env, args []string) error {
	fs, df := dataFlagSet(e, "reparse", "-config FILE [-db PATH] [-since 7d]")
	since := fs.String("since", "", "only messages sent in this last `period` (e.g. 7d, 48h); default all")
	d, err := df.open(fs, args)
	if err != nil {
		return err
	}
	defer d.st.Close()
	from, err := parseSince(*since)
	if err != nil {
		return err
	}
	read := 0
	added, removed, err := d.st.Reparse(ctx, from, func(m medbot.Stored) []medbot.Observation {
		read++
		return d.p.Reread(m)
	})
	if err != nil {
		return fmt.Errorf("reparsing: %w", err)
	}
	fmt.Fprintf(e.stdout, "read %s again: %s added, %d removed\n", medbot.Count(read, "message"), medbot.Count(added, "record"), removed)
	return nil
}
