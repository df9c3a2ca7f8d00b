package pagetext

import (
	"slices"
	"strings"
)

// StripFurniture drops the page furniture from plain text and returns the
// article: menu lines, breadcrumbs, bylines and datelines, share buttons,
// "Read more" / "Lire aussi" / "Xem thêm" links, related headlines,
// newsletter boxes, cookie banners and copyright footers, in English,
// French and Vietnamese.
//
// It works on lines, as jusText works on blocks. Each line is first judged
// alone (rules.go): furniture when a furniture rule matches it; otherwise
// content when it has at least 25 words, or at least 10 and ends like a
// sentence; otherwise short. Then in context, with the edges of the text
// counting as furniture:
//   - content lines are kept, furniture lines dropped;
//   - when no line is content (a headline in its page, a short notice),
//     every line that is not furniture is kept;
//   - the title is kept: of the non-furniture lines above the first
//     content line, the one with the most words (the first of equals),
//     with the non-furniture lines right above and below it (no blank
//     line between: a kicker, a standfirst); they then count as content;
//   - a short line is kept when the nearest content-or-furniture lines
//     above and below it are both content; a short line that ends like a
//     sentence is kept when either of them is.
//
// Text with no furniture line comes back unchanged, so headlines, ledes
// and plain paragraphs are untouched; so does text in which nothing would
// be kept. Otherwise the kept lines come back as they were, one per line,
// with one blank line where the input had blank lines between them. The
// result is never longer than text, and StripFurniture(StripFurniture(x))
// == StripFurniture(x): furniture rules look at one line at a time, so the
// second pass finds no furniture. Time and memory are linear in the length
// of text.
//
// StripFurniture is stripFurniturePlain made fast (strip_fast.go): lines
// that no furniture rule can match are told so by a one-pass prefilter
// (prefilter.go) instead of by the rules, and nothing is allocated unless
// a line is furniture.
func StripFurniture(text string) string { return stripFast(text) }

// stripFurniturePlain is StripFurniture written plainly: every line goes
// through every rule. It is the reference the fast path is tested against.
func stripFurniturePlain(text string) string {
	kinds, kept := decide(text)
	if kept == nil {
		return text
	}
	if out := join(text, kinds, kept); out != "" {
		return out
	}
	return text
}

// decide classifies each line of text and decides which stay. kept is nil
// when no line is furniture.
func decide(text string) (kinds []kind, kept []bool) {
	lines := strings.Split(text, "\n")
	kinds = make([]kind, len(lines))
	words := make([]int, len(lines))
	found := false
	for i, s := range lines {
		kinds[i], words[i] = classify(s)
		found = found || kinds[i] == furniture
	}
	if !found {
		return kinds, nil
	}
	return kinds, keep(kinds, words)
}

// keep decides which lines stay, by the rules in StripFurniture's comment.
func keep(kinds []kind, words []int) []bool {
	return new(keepBuf).keep(kinds, words)
}

// keepBuf holds keep's slices, so that they can be reused.
type keepBuf struct {
	ctx, above, below []kind
	kept              []bool
}

// keep is keep, in b's slices: the result lasts until b's next use.
func (b *keepBuf) keep(kinds []kind, words []int) []bool {
	ctx := append(b.ctx[:0], kinds...)
	if !slices.Contains(kinds, content) {
		for i, k := range kinds {
			if judged(k) {
				ctx[i] = content
			}
		}
	}
	if t := title(kinds, words); t >= 0 {
		lo, hi := titleBlock(kinds, t)
		for i := lo; i < hi; i++ {
			ctx[i] = content
		}
	}
	above := decisive(resize(b.above, len(ctx)), ctx, 0, len(ctx), 1)
	below := decisive(resize(b.below, len(ctx)), ctx, len(ctx)-1, -1, -1)
	kept := resize(b.kept, len(ctx))
	for i, k := range ctx {
		switch k {
		case content:
			kept[i] = true
		case short:
			kept[i] = above[i] == content && below[i] == content
		case sentence:
			kept[i] = above[i] == content || below[i] == content
		default:
			kept[i] = false
		}
	}
	b.ctx, b.above, b.below, b.kept = ctx, above, below, kept
	return kept
}

// resize returns s with length n, reusing its array when it is large
// enough; the elements are not cleared.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// title returns the index of the title line, or -1: of the lines above the
// first content line that are neither blank nor furniture, the one with
// the most words, the first of equals.
func title(kinds []kind, words []int) int {
	best := -1
	for i, k := range kinds {
		if k == content {
			break
		}
		if judged(k) && (best < 0 || words[i] > words[best]) {
			best = i
		}
	}
	return best
}

// titleBlock returns the lines [lo, hi) around the title line t that are
// neither blank nor furniture.
func titleBlock(kinds []kind, t int) (lo, hi int) {
	lo, hi = t, t+1
	for lo > 0 && judged(kinds[lo-1]) {
		lo--
	}
	for hi < len(kinds) && judged(kinds[hi]) {
		hi++
	}
	return lo, hi
}

// judged reports whether a line of kind k is decided by its context:
// short or sentence.
func judged(k kind) bool { return k == short || k == sentence }

// decisive returns, for each line, the kind of the nearest content or
// furniture line before it in the direction of step (from start towards
// end), or furniture when there is none;
// out, of the length of ctx, is filled and returned.
func decisive(out, ctx []kind, start, end, step int) []kind {
	last := furniture
	for i := start; i != end; i += step {
		out[i] = last
		if ctx[i] == content || ctx[i] == furniture {
			last = ctx[i]
		}
	}
	return out
}

// join returns the kept lines of text (kinds and kept have one entry per
// line), separated by "\n", or by "\n\n" where a blank line lay between
// them in the input.
func join(text string, kinds []kind, kept []bool) string {
	var b strings.Builder
	b.Grow(len(text))
	prev, gap, i := -1, false, 0
	for rest, more := text, true; more; i++ {
		var s string
		s, rest, more = strings.Cut(rest, "\n")
		switch {
		case kept[i] && prev >= 0 && gap:
			b.WriteString("\n\n")
		case kept[i] && prev >= 0:
			b.WriteString("\n")
		}
		if kept[i] {
			b.WriteString(s)
			prev, gap = i, false
		} else if kinds[i] == blank {
			gap = true
		}
	}
	return b.String()
}
