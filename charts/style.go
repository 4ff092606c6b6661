// Package charts draws medbot's temperature and vitals charts: data in,
// image bytes out. It knows nothing of Signal or SQLite.
//
// The pictures are made for a phone held by a tired parent, and for a
// doctor glancing at the same phone: 1080 px wide, text at least 28 px,
// a fixed temperature range so days compare, reference lines labelled
// with their values (never colour alone), colour-blind-safe colours with a
// distinct marker shape per child, and no emoji (they render blank).
package charts

import (
	"github.com/medbot/medbot"

	"bytes"
	"image"
	"image/color"
	"image/png"
	"sync"
	"time"

	"git.sr.ht/~sbinet/gg"
	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// DPI is the resolution images are drawn at: one point is two pixels.
const DPI = 144

// Px converts pixels of the final image to drawing points.
func Px(px float64) vg.Length { return vg.Length(px * 72 / DPI) }

// Text sizes, in pixels of the final image.
const (
	TitlePx = 40
	BodyPx  = 30
	SmallPx = 28 // the smallest text medbot draws
)

// Sans returns Liberation Sans at a size in pixels.
func Sans(px float64) font.Face {
	return font.DefaultCache.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans"}, Px(px))
}

// SansBold returns Liberation Sans Bold at a size in pixels.
func SansBold(px float64) font.Face {
	return font.DefaultCache.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans", Weight: stdfont.WeightBold}, Px(px))
}

// TextStyle is a left-aligned style for a face and colour.
func TextStyle(f font.Face, c color.Color) text.Style {
	return text.Style{Color: c, Font: f.Font, Handler: text.Plain{Fonts: font.DefaultCache}, XAlign: draw.XLeft, YAlign: draw.YBottom}
}

// ChildColours are the children's colours, in the family's order, from
// the family's colour scheme (medbot.ChildColours).
var ChildColours = func() []color.RGBA {
	out := make([]color.RGBA, len(medbot.ChildColours))
	for i, h := range medbot.ChildColours {
		out[i] = ParseHex(h)
	}
	return out
}()

// ChildGlyphs are the children's marker shapes, in configured order.
var ChildGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}}

// ChildColour returns the colour of the i-th child.
func ChildColour(i int) color.RGBA { return ChildColours[i%len(ChildColours)] }

// ChildGlyph returns the marker shape of the i-th child.
func ChildGlyph(i int) draw.GlyphDrawer { return ChildGlyphs[i%len(ChildGlyphs)] }

// Ink colours.
var (
	Black = color.RGBA{0x1a, 0x1a, 0x1a, 0xff}
	Grey  = color.RGBA{0x66, 0x66, 0x66, 0xff}
	Light = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	White = color.RGBA{0xff, 0xff, 0xff, 0xff}
	Fever = color.RGBA{0xC0, 0x30, 0x20, 0xff}
	Ok    = color.RGBA{0x2E, 0x7D, 0x32, 0xff}
)

// ParseHex reads "#rrggbb"; anything else is grey.
func ParseHex(s string) color.RGBA {
	if len(s) != 7 || s[0] != '#' {
		return Grey
	}
	var v [3]uint8
	for i := 0; i < 3; i++ {
		h, l := unhex(s[1+2*i]), unhex(s[2+2*i])
		if h < 0 || l < 0 {
			return Grey
		}
		v[i] = uint8(h<<4 | l)
	}
	return color.RGBA{v[0], v[1], v[2], 0xff}
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// newCanvas returns an image canvas of w×h pixels on white. Its image
// comes from a pool: give it back with Release once encoded.
func newCanvas(wPx, hPx int) *vgimg.Canvas {
	n := 4 * wPx * hPx
	var pix []byte
	if b, ok := imgPool.Get().(*[]byte); ok && cap(*b) >= n {
		pix = (*b)[:n]
	} else {
		pix = make([]byte, n)
	}
	img := &image.RGBA{Pix: pix, Stride: 4 * wPx, Rect: image.Rect(0, 0, wPx, hPx)}
	// a context on the image itself: vgimg's own constructor copies it
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	return vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(DPI))
}

var imgPool sync.Pool

// release gives a canvas's image back for reuse.
func release(c *vgimg.Canvas) {
	if img, ok := c.Image().(*image.RGBA); ok {
		pix := img.Pix[:0]
		imgPool.Put(&pix)
	}
}

// Render draws with f on a new w×h canvas and returns the PNG.
func Render(wPx, hPx int, f func(draw.Canvas)) ([]byte, error) {
	c := newCanvas(wPx, hPx)
	defer release(c)
	tc := newTextCanvas(c)
	defer tc.close()
	f(draw.New(tc))
	return EncodePNG(c.Image())
}

var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &pool{}}

type pool struct{ p sync.Pool }

func (p *pool) Get() *png.EncoderBuffer {
	b, _ := p.p.Get().(*png.EncoderBuffer)
	return b
}
func (p *pool) Put(b *png.EncoderBuffer) { p.p.Put(b) }

// EncodePNG encodes an image as a paletted PNG: colours are bucketed at 4
// bits per channel (each bucket keeps the first exact colour seen, so
// solid fills keep their colour) into at most 256 entries. Charts hold a
// few hues and their anti-aliased edges, so this looks the same, is about
// a third of the size of an RGBA PNG, and encodes many times faster
// (zlib's best speed, no per-row filter search for paletted images).
func EncodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(128 << 10)
	rgba, ok := img.(*image.RGBA)
	if !ok {
		err := pngEncoder.Encode(&buf, img)
		return buf.Bytes(), err
	}
	if err := pngEncoder.Encode(&buf, quantize(rgba)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func quantize(src *image.RGBA) *image.Paletted {
	b := src.Bounds()
	dst := image.NewPaletted(b, nil)
	var table [4096]int16
	for i := range table {
		table[i] = -1
	}
	pal := make(color.Palette, 0, 256)
	w := b.Dx()
	var lr, lg, lb byte
	last := int16(-1) // the previous pixel's colour and index: most pixels repeat it
	for y := 0; y < b.Dy(); y++ {
		s := src.Pix[y*src.Stride : y*src.Stride+4*w]
		d := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x := 0; x < w; x++ {
			r, g, bl := s[4*x], s[4*x+1], s[4*x+2]
			if last >= 0 && r == lr && g == lg && bl == lb {
				d[x] = uint8(last)
				continue
			}
			key := int(r>>4)<<8 | int(g>>4)<<4 | int(bl>>4)
			idx := table[key]
			if idx < 0 {
				c := color.RGBA{r, g, bl, 0xff}
				if len(pal) < 256 {
					idx = int16(len(pal))
					pal = append(pal, c)
				} else {
					idx = int16(pal.Index(c))
				}
				table[key] = idx
			}
			d[x] = uint8(idx)
			lr, lg, lb, last = r, g, bl, idx
		}
	}
	dst.Palette = pal
	return dst
}

// FillText draws s with its bottom-left corner at pt.
func FillText(c draw.Canvas, f font.Face, col color.Color, pt vg.Point, s string) {
	c.FillText(TextStyle(f, col), pt, s)
}

// TextWidth measures s in face f.
func TextWidth(f font.Face, s string) vg.Length {
	return TextStyle(f, Black).Width(s)
}

// Frame fills in what a picture's options leave unset: the zone (UTC), the
// moment drawn (now) and the width (1080 px, a phone screen's).
func Frame(zone **time.Location, now *time.Time, width *int) {
	if *zone == nil {
		*zone = time.UTC
	}
	if now.IsZero() {
		*now = time.Now()
	}
	if *width <= 0 {
		*width = 1080
	}
}
