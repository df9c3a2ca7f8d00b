package naivebayes

import (
	"cmp"
	"slices"
	"strings"
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
