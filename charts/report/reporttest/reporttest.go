// Package reporttest reads back the text of the PDFs package report
// writes, in Go, so that tests of the report need nothing but Go (no
// pdftotext).
//
// It knows only what fpdf writes: content streams compressed with
// FlateDecode, text shown with Tj as literal strings holding UTF-16BE code
// points (its UTF-8 fonts). Each Tj becomes a line, in page order.
package reporttest

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"strings"
	"unicode/utf16"
)

// Text returns the text of every page of pdf, one shown string a line.
func Text(pdf []byte) (string, error) {
	pages, err := Pages(pdf)
	return strings.Join(pages, ""), err
}

// Pages returns the text of each page of pdf (fpdf writes one content
// stream a page), one shown string a line.
func Pages(pdf []byte) ([]string, error) {
	var pages []string
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream"):]
		if bytes.HasPrefix(rest, []byte("\r\n")) {
			rest = rest[2:]
		} else if bytes.HasPrefix(rest, []byte("\n")) {
			rest = rest[1:]
		} else {
			continue // "endstream"
		}
		end := bytes.Index(rest, []byte("endstream"))
		if end < 0 {
			break
		}
		data := rest[:end]
		rest = rest[end+len("endstream"):]
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			continue // not compressed with FlateDecode
		}
		content, err := io.ReadAll(zr)
		if err != nil || !bytes.Contains(content, []byte("Tj")) {
			continue // an image, a font, or no text
		}
		strs := shown(content)
		if len(strs) == 0 {
			continue // "Tj" by chance in a font's or an image's bytes
		}
		var page strings.Builder
		for _, s := range strs {
			page.WriteString(s)
			page.WriteByte('\n')
		}
		pages = append(pages, page.String())
	}
	if len(pages) == 0 {
		return nil, errors.New("reporttest: no text found in the PDF")
	}
	return pages, nil
}

// shown returns the strings a content stream shows with Tj.
func shown(content []byte) []string {
	var out []string
	for i := 0; i < len(content); i++ {
		if content[i] != '(' {
			continue
		}
		raw, n := literal(content[i:])
		i += n - 1
		rest := bytes.TrimLeft(content[i+1:], " ")
		if !bytes.HasPrefix(rest, []byte("Tj")) {
			continue
		}
		out = append(out, decode(raw))
	}
	return out
}

// literal reads a PDF literal string starting at b[0] == '(' and returns
// its bytes and how many bytes of b it took.
func literal(b []byte) ([]byte, int) {
	var out []byte
	depth := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b):
			i++
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r', '\n':
			default:
				if e >= '0' && e <= '7' {
					v := 0
					k := 0
					for ; k < 3 && i+k < len(b) && b[i+k] >= '0' && b[i+k] <= '7'; k++ {
						v = v*8 + int(b[i+k]-'0')
					}
					out = append(out, byte(v))
					i += k - 1
				} else {
					out = append(out, e)
				}
			}
		case c == '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return out, i + 1
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out, len(b)
}

// decode reads UTF-16BE code points (fpdf's UTF-8 fonts), or the bytes as
// they are when they are not.
func decode(b []byte) string {
	if len(b)%2 != 0 {
		return string(b)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}
