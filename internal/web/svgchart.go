package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/app"
)

// Charts are drawn on the server as inline SVG: no script, readable when
// printed (thresholds and series are told apart by line style and labels,
// not colour alone) and on a 390 px phone (the viewBox scales to the width).

// trendSVG draws a unit's 12-month score trend: the grade thresholds as
// dashed lines, the score line broken where nothing was due, provisional
// scores as hollow dots.
func trendSVG(points []app.TrendPoint, f accountability.Formula, label string) template.HTML {
	const w, h, left, right, top, bottom = 360.0, 150.0, 28.0, 8.0, 10.0, 22.0
	f = f.WithDefaults()
	n := len(points)
	if n == 0 {
		return ""
	}
	x := func(i int) float64 {
		if n == 1 {
			return left + (w-left-right)/2
		}
		return left + float64(i)*(w-left-right)/float64(n-1)
	}
	y := func(score float64) float64 { return top + (100-score)/100*(h-top-bottom) }
	var b strings.Builder
	var desc []string
	for _, p := range points {
		if p.Scored {
			desc = append(desc, p.Month.Short()+": "+accountability.Num(p.Score))
		}
	}
	fmt.Fprintf(&b, `<svg class="chart trend" viewBox="0 0 %g %g" role="img" aria-label="%s">`, w, h, html.EscapeString(label))
	fmt.Fprintf(&b, `<title>%s: %s</title>`, html.EscapeString(label), html.EscapeString(strings.Join(desc, "; ")))
	fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="#c9d0d8"/>`, left, top, w-left-right, h-top-bottom)
	for _, t := range []float64{f.Pass, f.Good, f.Excellent} {
		fmt.Fprintf(&b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" stroke="#8a949e" stroke-dasharray="3 3"/>`, left, w-right, y(t), y(t))
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="9" text-anchor="end" fill="#5b6775">%s</text>`, left-3, y(t)+3, accountability.Num(t))
	}
	for i, p := range points {
		if i%2 == n%2 || n <= 6 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="9" text-anchor="middle" fill="#5b6775">%02d/%02d</text>`, x(i), h-6,
				int(p.Month.Month), p.Month.Year%100)
		}
	}
	var path strings.Builder
	pen := false
	for i, p := range points {
		if !p.Scored {
			pen = false
			continue
		}
		if pen {
			fmt.Fprintf(&path, " L%.1f %.1f", x(i), y(p.Score))
		} else {
			fmt.Fprintf(&path, " M%.1f %.1f", x(i), y(p.Score))
			pen = true
		}
	}
	if path.Len() > 0 {
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#0b5cad" stroke-width="2"/>`, strings.TrimSpace(path.String()))
	}
	for i, p := range points {
		if !p.Scored {
			continue
		}
		fill := "#0b5cad"
		if p.Provisional {
			fill = "#fff"
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s" stroke="#0b5cad" stroke-width="1.5"><title>%s: %s%s</title></circle>`,
			x(i), y(p.Score), fill, p.Month.Short(), accountability.Num(p.Score), map[bool]string{true: " (tạm tính)"}[p.Provisional])
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// glanceSegment is one part of a unit's bar.
type glanceSegment struct {
	bucket accountability.Bucket
	label  string
	fill   string
	stroke string // pattern for print: a darker edge
}

var glanceSegments = []glanceSegment{
	{accountability.BucketOnTime, "Đúng hạn", "#1d7a3a", "#0f4a22"},
	{accountability.BucketLate, "Quá hạn đã xong", "#e0a030", "#8a5a00"},
	{accountability.BucketPending, "Chờ đánh giá", "#6fa8dc", "#0b5cad"},
	{accountability.BucketOverdue, "Quá hạn chưa xong", "#b3261e", "#6e130e"},
	{accountability.BucketInProgress, "Chưa đến hạn", "#d7dde4", "#6b7280"},
}

// glanceSVG draws this month's items per unit as stacked bars, each part
// linking to its list.
func glanceSVG(g *app.Glance, href func(row app.GlanceRow, b accountability.Bucket) string) template.HTML {
	if g == nil || len(g.Rows) == 0 {
		return ""
	}
	const w, labelW, barH, gap, top = 360.0, 92.0, 16.0, 8.0, 4.0
	most := 1
	for _, r := range g.Rows {
		most = max(most, r.Card.Counts[accountability.BucketAssigned])
	}
	h := top + float64(len(g.Rows))*(barH+gap)
	scale := (w - labelW - 30) / float64(most)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart glance" viewBox="0 0 %g %g" role="img" aria-label="Nội dung tháng %s theo đơn vị">`, w, h, g.Month.Short())
	fmt.Fprintf(&b, `<title>Nội dung tháng %s theo đơn vị và trạng thái</title>`, g.Month.Short())
	for i, r := range g.Rows {
		yy := top + float64(i)*(barH+gap)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="10" text-anchor="end" fill="#1c2430">%s</text>`, labelW-4, yy+barH-4, html.EscapeString(r.Unit.Code))
		xx := labelW
		for _, s := range glanceSegments {
			n := r.Card.Counts[s.bucket]
			if n == 0 {
				continue
			}
			wd := float64(n) * scale
			fmt.Fprintf(&b, `<a href="%s"><rect x="%.1f" y="%.1f" width="%.1f" height="%g" fill="%s" stroke="%s" stroke-width="0.6"><title>%s — %s: %d</title></rect></a>`,
				html.EscapeString(href(r, s.bucket)), xx, yy, wd, barH, s.fill, s.stroke, html.EscapeString(r.Unit.Name), s.label, n)
			if wd >= 14 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="9" text-anchor="middle" fill="%s" pointer-events="none">%d</text>`,
					xx+wd/2, yy+barH-4, map[bool]string{true: "#1c2430", false: "#fff"}[s.bucket == accountability.BucketInProgress || s.bucket == accountability.BucketLate], n)
			}
			xx += wd
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="9" fill="#5b6775">%d</text>`, xx+3, yy+barH-4, r.Card.Counts[accountability.BucketAssigned])
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// legendItem is one entry of the glance chart's legend, drawn in HTML
// under the chart so it wraps on a phone.
type legendItem struct {
	Label  string
	Swatch template.HTML // a small square of the series' colour, drawn in SVG
}

func glanceLegend() []legendItem {
	out := make([]legendItem, len(glanceSegments))
	for i, s := range glanceSegments {
		out[i] = legendItem{s.label, template.HTML(fmt.Sprintf(`<svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="%s" stroke="%s"/></svg>`, s.fill, s.stroke))}
	}
	return out
}
