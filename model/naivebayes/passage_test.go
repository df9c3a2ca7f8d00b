package naivebayes

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seed134e4861/topicd/model/features"
)

// lineSums returns, for each line of text, the sum of its known features'
// weights for topic t, computed here independently of passages.
func lineSums(m *Model, text string, t int) map[string]float64 {
	out := map[string]float64{}
	for _, line := range strings.Split(text, "\n") {
		sum := 0.0
		for _, f := range features.Features(line) {
			if row, ok := m.snap.lex.Row(f); ok {
				sum += m.snap.weights[row][t]
			}
		}
		out[line] = sum
	}
	return out
}

func TestPassages(t *testing.T) {
	m := embeddedModel(t)
	text := "The weather will be sunny with light winds tomorrow.\n\n" +
		"Anonymous hacktivists claimed a DDoS attack on the ministry's websites to protest the new law.\n" +
		"Russian military intelligence hackers (GRU) were accused by the government of the intrusion."
	r, err := m.ClassifyWith(text, Options{Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Scores {
		ti := -1
		for i, topic := range m.snap.topics {
			if topic == s.Topic {
				ti = i
			}
		}
		sums := lineSums(m, text, ti)
		best, want := 0.0, ""
		for _, line := range strings.Split(text, "\n") {
			if strings.TrimSpace(line) != "" && sums[line] > best {
				best, want = sums[line], line
			}
		}
		if s.Passage != want {
			t.Errorf("ClassifyWith(explain) %s passage = %q, want %q (line sums %v)", s.Topic, s.Passage, want, sums)
		}
	}
	got := map[string]string{}
	for _, s := range r.Scores {
		got[s.Topic] = s.Passage
	}
	if !strings.HasPrefix(got["hacktivism"], "Anonymous hacktivists") {
		t.Errorf("hacktivism passage = %q, want the Anonymous line", got["hacktivism"])
	}
	if !strings.HasPrefix(got["state_actor"], "Russian military") {
		t.Errorf("state_actor passage = %q, want the GRU line", got["state_actor"])
	}

	// Without Explain, no passage; a text no line of which favours a topic
	// has none.
	r, err = m.Classify(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Scores {
		if s.Passage != "" {
			t.Errorf("Classify without explain: %s passage %q, want none", s.Topic, s.Passage)
		}
	}
}

func TestPassagesNoneFavours(t *testing.T) {
	m := embeddedModel(t)
	scores := make([]Score, len(m.snap.topics))
	for i, topic := range m.snap.topics {
		scores[i].Topic = topic
	}
	m.snap.passages("zzzz qqqq\n\n   \nqxqxqx", scores)
	for _, s := range scores {
		if s.Passage != "" {
			t.Errorf("passages of unknown words: %s = %q, want none", s.Topic, s.Passage)
		}
	}
}

func TestCutPassage(t *testing.T) {
	long := strings.Repeat("word ", 60) // 300 characters
	for _, tt := range []struct{ in, want string }{
		{"  short line \t", "short line"},
		{strings.Repeat("a", 200), strings.Repeat("a", 200)},
		{long, strings.TrimSpace(strings.Repeat("word ", 39)) + "…"},
		{strings.Repeat("é", 250), strings.Repeat("é", 199) + "…"},
		// A passage goes on the wire: bytes that are not UTF-8 (a library
		// caller's text; gRPC refuses them first) are replaced.
		{"Ans\xff leaked", "Ans\uFFFD leaked"},
	} {
		got := cutPassage(tt.in)
		if got != tt.want {
			t.Errorf("cutPassage(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > MaxPassageRunes {
			t.Errorf("cutPassage(%q) has %d characters, want at most %d", tt.in, n, MaxPassageRunes)
		}
	}
}
