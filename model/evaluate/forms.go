package evaluate

import (
	"slices"
	"strings"
)

// A Length is a bucket of text lengths, in words (runs of non-space
// characters, as strings.Fields splits them).
type Length int

// The length buckets.
const (
	Short  Length = iota // at most ShortWords words: headlines, ledes, posts
	Medium               // between the two
	Long                 // more than LongWords words: whole articles and pages
)

// Bounds of the length buckets, in words.
const (
	ShortWords = 40
	LongWords  = 250
)

// String names the bucket with its bounds.
func (l Length) String() string {
	switch l {
	case Short:
		return "short (<= 40 words)"
	case Medium:
		return "medium (41-250 words)"
	}
	return "long (> 250 words)"
}

// LengthOf returns the length bucket of text.
func LengthOf(text string) Length {
	switch n := len(strings.Fields(text)); {
	case n <= ShortWords:
		return Short
	case n <= LongWords:
		return Medium
	}
	return Long
}

// ParseFurniture splits a furniture file into its blocks: blocks are
// separated by a line "---"; each block is trimmed of blank lines around
// it, and empty blocks are dropped.
func ParseFurniture(text string) []string {
	var blocks []string
	for _, b := range splitOnRule(strings.ReplaceAll(text, "\r\n", "\n")) {
		if b = strings.Trim(b, "\n"); strings.TrimSpace(b) != "" {
			blocks = append(blocks, b)
		}
	}
	return blocks
}

func splitOnRule(text string) []string {
	var blocks []string
	var cur []string
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "---" {
			blocks, cur = append(blocks, strings.Join(cur, "\n")), nil
			continue
		}
		cur = append(cur, line)
	}
	return append(blocks, strings.Join(cur, "\n"))
}

// Wrap puts text in a page's furniture: the first half of the block's
// lines (⌊n/2⌋ of n: the menu, share buttons, "read more" links at the
// top) before it, the rest (the cookie banner, the footer) after it, each
// part on its own lines.
func Wrap(text, block string) string {
	lines := strings.Split(block, "\n")
	head, tail := lines[:len(lines)/2], lines[len(lines)/2:]
	parts := append(slices.Clone(head), text)
	return strings.Join(append(parts, tail...), "\n")
}

// Unchanged counts the texts whose assigned topics are the same set in
// before and after (which hold, for each text, the topics assigned before
// and after some change to the texts).
func Unchanged(before, after [][]string) int {
	n := 0
	for i := range before {
		if slices.Equal(slices.Sorted(slices.Values(before[i])), slices.Sorted(slices.Values(after[i]))) {
			n++
		}
	}
	return n
}
