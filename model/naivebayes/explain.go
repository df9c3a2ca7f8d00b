package naivebayes

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed134e4861/topicd/model/features"
)

// ExplainFeatures is the most features an explanation lists in each
// direction, for and against a topic.
const ExplainFeatures = 5

// explain fills in the Evidence of every score (scores in topic order): the
// limit features with the largest weights for each topic, and the limit
// with the largest weights against it.
func (s *snapshot) explain(feats []string, scores []Score, limit int) {
	counts := map[int]int{}
	var rows []int
	for _, f := range feats {
		row, ok := s.lex.Row(f)
		if !ok {
			continue
		}
		if counts[row] == 0 {
			rows = append(rows, row)
		}
		counts[row]++
	}
	words := make(map[int]string, len(rows))
	for _, f := range feats {
		if row, ok := s.lex.Row(f); ok {
			words[row] = f
		}
	}
	for t := range scores {
		all := make([]Evidence, 0, len(rows))
		for _, row := range rows {
			c := counts[row]
			all = append(all, Evidence{Feature: words[row], Count: c, Weight: float64(c) * s.weights[row][t]})
		}
		// Strongest first, ties by feature, so explanations are deterministic.
		slices.SortFunc(all, func(a, b Evidence) int {
			if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
				return c
			}
			return strings.Compare(a.Feature, b.Feature)
		})
		up := 0
		for up < len(all) && up < limit && all[up].Weight > 0 {
			up++
		}
		down := len(all)
		for down > up && len(all)-down < limit && all[down-1].Weight < 0 {
			down--
		}
		scores[t].Evidence = append(slices.Clip(all[:up]), all[down:]...)
	}
}

// MaxPassageRunes is the longest Score.Passage, in characters.
const MaxPassageRunes = 200

// passages fills in the Passage of every score (scores in topic order): of
// the text's non-blank lines (a paragraph of crawled text is a line), the
// one whose known features add the most to the topic's log-odds,
//
//	passage(t) = argmax over lines ℓ of Σ_{f in features(ℓ)} weight[f][t],   kept only when that sum is > 0
//
// the first of equals, cut by cutPassage; "" when no line favours the
// topic. Each line's features are those features.Features gives for it
// alone.
func (s *snapshot) passages(text string, scores []Score) {
	best := make([]float64, len(scores))
	for line := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var sum weightRow
		for _, f := range features.Features(line) {
			if row, ok := s.lex.Row(f); ok {
				for t := range sum {
					sum[t] += s.weights[row][t]
				}
			}
		}
		for t := range scores {
			if sum[t] > best[t] {
				best[t], scores[t].Passage = sum[t], line
			}
		}
	}
	for t := range scores {
		scores[t].Passage = cutPassage(scores[t].Passage)
	}
}

// cutPassage trims the spaces around p and, when it is longer than
// MaxPassageRunes characters, cuts it at the last space that leaves room
// for "…" (at a character boundary when it has no space there), so that
// the result is at most MaxPassageRunes characters.
func cutPassage(p string) string {
	p = strings.ToValidUTF8(strings.TrimSpace(p), "\uFFFD") // a passage is text for the wire
	if utf8.RuneCountInString(p) <= MaxPassageRunes {
		return p
	}
	runes := []rune(p)[:MaxPassageRunes-1]
	cut := string(runes)
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRightFunc(cut, unicode.IsSpace) + "…"
}
