package web

import (
	"fmt"
	"html/template"

	"dieuhanh/internal/program"
	"dieuhanh/internal/province"
)

// onTimeBar draws a month's on-time rate as a small horizontal bar (inline
// SVG: no script, and the page's CSP allows no inline style), with the
// rate written beside it for print and screen readers; a month with
// nothing due draws an empty frame.
func onTimeBar(f province.Figures, m program.Month) template.HTML {
	const w, h = 120.0, 14.0
	p, ok := f.OnTimePercent()
	label := "Tháng " + m.Short() + ": chưa có nội dung đến hạn"
	if ok {
		label = "Tháng " + m.Short() + ": " + percentVN(f) + " đúng hạn"
	}
	fill := "#2e7d4f"
	switch {
	case p < 50:
		fill = "#b3261e"
	case p < 80:
		fill = "#b26a00"
	}
	bar := ""
	if ok && p > 0 {
		bar = fmt.Sprintf(`<rect x="0" y="0" width="%.1f" height="%g" fill="%s"/>`, w*p/100, h, fill)
	}
	return template.HTML(fmt.Sprintf(`<svg class="bar" width="%g" height="%g" viewBox="0 0 %g %g" role="img" aria-label="%s">`+
		`<title>%s</title>%s<rect x="0.5" y="0.5" width="%g" height="%g" fill="none" stroke="#8a949e"/></svg>`,
		w, h, w, h, template.HTMLEscapeString(label), template.HTMLEscapeString(label), bar, w-1, h-1))
}
