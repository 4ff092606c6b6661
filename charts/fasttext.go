package charts

import (
	"image"
	"image/color"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// textCanvas is an image canvas whose upright text is drawn straight onto
// the image with x/image/font, with one face per font and size for the
// whole picture. vgimg builds a new face for every string and draws each
// glyph through a general affine transform, which was a third of a
// chart's time. Text under a rotation or scale (the y-axis label) is left
// to vgimg.
type textCanvas struct {
	*vgimg.Canvas
	img   *image.RGBA
	dpi   float64
	h     float64 // height in dots
	cur   textState
	stack []textState
	faces map[font.Font]xfont.Face
}

type textState struct {
	tx, ty  vg.Length // translation
	upright bool      // no rotation or scale
	col     color.Color
}

func newTextCanvas(c *vgimg.Canvas) *textCanvas {
	_, h := c.Size()
	return &textCanvas{Canvas: c, img: c.Image().(*image.RGBA), dpi: c.DPI(), h: h.Dots(c.DPI()),
		cur: textState{upright: true, col: color.Black}, faces: map[font.Font]xfont.Face{}}
}

func (c *textCanvas) SetColor(col color.Color) {
	c.Canvas.SetColor(col)
	c.cur.col = col
}

func (c *textCanvas) Translate(p vg.Point) {
	c.Canvas.Translate(p)
	c.cur.tx += p.X
	c.cur.ty += p.Y
}

func (c *textCanvas) Rotate(t float64) {
	c.Canvas.Rotate(t)
	if t != 0 {
		c.cur.upright = false
	}
}

func (c *textCanvas) Scale(x, y float64) {
	c.Canvas.Scale(x, y)
	if x != 1 || y != 1 {
		c.cur.upright = false
	}
}

func (c *textCanvas) Push() {
	c.Canvas.Push()
	c.stack = append(c.stack, c.cur)
}

func (c *textCanvas) Pop() {
	c.Canvas.Pop()
	if n := len(c.stack); n > 0 {
		c.cur = c.stack[n-1]
		c.stack = c.stack[:n-1]
	}
}

func (c *textCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if !c.cur.upright || f.Font.Size == 0 {
		c.Canvas.FillString(f, pt, s)
		return
	}
	face, ok := c.faces[f.Font]
	if !ok {
		face = f.FontFace(c.dpi)
		c.faces[f.Font] = face
	}
	x := (pt.X + c.cur.tx).Dots(c.dpi)
	y := c.h - (pt.Y + c.cur.ty).Dots(c.dpi)
	d := xfont.Drawer{Dst: c.img, Src: image.NewUniform(c.cur.col), Face: face, Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)}}
	d.DrawString(s)
}

// close releases the faces.
func (c *textCanvas) close() {
	for _, f := range c.faces {
		f.Close()
	}
}
