// Package fonts embeds the Tinos typeface (SIL OFL 1.1, see OFL.txt), which is
// metric-compatible with Times New Roman, so PDFs laid out per Decree
// 30/2020/NĐ-CP look the same as the DOCX opened in Word.
package fonts

import (
	"embed"
	"fmt"
)

// files holds the four TTFs. A //go:embed variable has to live at package
// level; it is never written to.
//
//go:embed Tinos-Regular.ttf Tinos-Bold.ttf Tinos-Italic.ttf Tinos-BoldItalic.ttf
var files embed.FS

// Family is the name the PDF writer registers the fonts under.
const Family = "Tinos"

// Styles lists the styles that Tinos returns, in a fixed order.
func Styles() []string { return []string{"", "B", "I", "BI"} }

// Tinos returns the TTF bytes of the given style ("", "B", "I" or "BI").
func Tinos(style string) ([]byte, error) {
	var name string
	switch style {
	case "":
		name = "Tinos-Regular.ttf"
	case "B":
		name = "Tinos-Bold.ttf"
	case "I":
		name = "Tinos-Italic.ttf"
	case "BI":
		name = "Tinos-BoldItalic.ttf"
	default:
		return nil, fmt.Errorf("fonts: unknown style %q", style)
	}
	return files.ReadFile(name)
}
