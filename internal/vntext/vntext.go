// Package vntext normalizes Vietnamese text at the boundary and builds the
// folded search key, so "bao cao dang uy" finds "Báo cáo Đảng ủy".
package vntext

import (
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Clean returns s in NFC with surrounding space trimmed. NFD input (from some
// input methods) would otherwise break search, sorting and PDF rendering.
func Clean(s string) string {
	return strings.TrimSpace(norm.NFC.String(s))
}

// Fold returns the search key of s: no diacritics, đ→d, lower case, single
// spaces. The same function folds stored text and queries.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// Match reports whether every word of query occurs in the folded text.
func Match(foldedText, query string) bool {
	for _, w := range strings.Fields(Fold(query)) {
		if !strings.Contains(foldedText, w) {
			return false
		}
	}
	return true
}

// Sorter sorts Vietnamese names in dictionary order (A < Ă < Â, D < Đ).
// A collator is not safe for concurrent use, so make one per sort.
func Sorter() *collate.Collator {
	return collate.New(language.Vietnamese)
}
