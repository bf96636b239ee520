package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode"
)

// Coverage is the set of Basic Multilingual Plane runes a font has a glyph
// for, one bit per code point (8 KiB). The PDF writer embeds the font
// through its 16-bit cmap, so runes above U+FFFF are never covered.
type Coverage struct {
	bits [0x10000 / 64]uint64
}

// Has reports whether the font draws r.
func (c *Coverage) Has(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	return c.bits[r/64]&(1<<(uint(r)%64)) != 0
}

func (c *Coverage) add(r uint32) {
	// Fonts map some control characters (U+0000, U+000D) to empty glyphs;
	// nothing visible is drawn for them, so they do not count.
	if r <= 0xFFFF && !unicode.IsControl(rune(r)) {
		c.bits[r/64] |= 1 << (r % 64)
	}
}

// Intersect keeps only the runes o also covers: text may change style
// anywhere, so a rune is usable only when every style has it.
func (c *Coverage) Intersect(o *Coverage) {
	for i := range c.bits {
		c.bits[i] &= o.bits[i]
	}
}

var errBadFont = errors.New("malformed TrueType font")

// ParseCoverage reads the Unicode character map of a TrueType font: the
// Windows Unicode subtables (format 4 for the BMP, format 12 for all planes)
// or, failing those, a Unicode-platform one. A rune is covered when it maps
// to a glyph other than 0 (.notdef, the empty box).
func ParseCoverage(ttf []byte) (*Coverage, error) {
	cmap, err := table(ttf, "cmap")
	if err != nil {
		return nil, err
	}
	if len(cmap) < 4 {
		return nil, errBadFont
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	if len(cmap) < 4+8*n {
		return nil, errBadFont
	}
	// Prefer the full-range subtable, then the BMP one.
	best, bestRank := -1, 0
	for i := range n {
		rec := cmap[4+8*i:]
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if off+2 > len(cmap) {
			return nil, errBadFont
		}
		format := binary.BigEndian.Uint16(cmap[off:])
		rank := 0
		switch {
		case format == 12 && (platform == 3 && encoding == 10 || platform == 0):
			rank = 3
		case format == 4 && platform == 3 && encoding == 1:
			rank = 2
		case format == 4 && platform == 0:
			rank = 1
		}
		if rank > bestRank {
			best, bestRank = off, rank
		}
	}
	if best < 0 {
		return nil, errors.New("font has no Unicode character map")
	}
	c := &Coverage{}
	sub := cmap[best:]
	if binary.BigEndian.Uint16(sub) == 12 {
		err = format12(sub, c)
	} else {
		err = format4(sub, c)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// table returns the bytes of the named table of a TrueType font.
func table(ttf []byte, tag string) ([]byte, error) {
	if len(ttf) < 12 {
		return nil, errBadFont
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errBadFont
		}
		if string(ttf[rec:rec+4]) != tag {
			continue
		}
		off, length := int(binary.BigEndian.Uint32(ttf[rec+8:])), int(binary.BigEndian.Uint32(ttf[rec+12:]))
		if off < 0 || length < 0 || off+length > len(ttf) {
			return nil, errBadFont
		}
		return ttf[off : off+length], nil
	}
	return nil, fmt.Errorf("font has no %s table", tag)
}

// format4 reads segment mapping to delta values (the BMP subtable).
func format4(sub []byte, c *Coverage) error {
	if len(sub) < 14 {
		return errBadFont
	}
	segs := int(binary.BigEndian.Uint16(sub[6:])) / 2
	ends := 14
	starts := ends + 2*segs + 2 // after the reserved pad
	deltas := starts + 2*segs
	offsets := deltas + 2*segs
	if offsets+2*segs > len(sub) {
		return errBadFont
	}
	u16 := func(at int) (uint16, bool) {
		if at+2 > len(sub) {
			return 0, false
		}
		return binary.BigEndian.Uint16(sub[at:]), true
	}
	for i := range segs {
		end, _ := u16(ends + 2*i)
		start, _ := u16(starts + 2*i)
		delta, _ := u16(deltas + 2*i)
		ro, _ := u16(offsets + 2*i)
		for r := uint32(start); r <= uint32(end) && start <= end; r++ {
			if r == 0xFFFF {
				break // the final segment's sentinel
			}
			var glyph uint16
			if ro == 0 {
				glyph = uint16(r) + delta
			} else {
				// idRangeOffset counts from its own slot in the array.
				g, ok := u16(offsets + 2*i + int(ro) + 2*int(r-uint32(start)))
				if !ok {
					return errBadFont
				}
				if g != 0 {
					glyph = g + delta
				}
			}
			if glyph != 0 {
				c.add(r)
			}
		}
	}
	return nil
}

// format12 reads segmented coverage (groups of consecutive code points).
func format12(sub []byte, c *Coverage) error {
	if len(sub) < 16 {
		return errBadFont
	}
	n := int(binary.BigEndian.Uint32(sub[12:]))
	if n < 0 || 16+12*n > len(sub) {
		return errBadFont
	}
	for i := range n {
		g := sub[16+12*i:]
		start, end, glyph := binary.BigEndian.Uint32(g), binary.BigEndian.Uint32(g[4:]), binary.BigEndian.Uint32(g[8:])
		for r := start; r <= end && r <= 0xFFFF; r++ {
			if glyph+(r-start) != 0 {
				c.add(r)
			}
		}
	}
	return nil
}
