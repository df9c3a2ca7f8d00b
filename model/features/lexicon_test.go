package features

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLexicon looks up words of every length a lexicon holds, long words
// that share their first 16 bytes, and words it does not hold, by each way
// in: get (with and without room past the word), getString and short.
func TestLexicon(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	letters := "abcdefghijklmnopqrstuvwxyzàéđư"
	randomWord := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(string([]rune(letters)[rng.IntN(len([]rune(letters)))]))
		}
		return b.String()
	}
	entries := map[string]lexEntry{}
	for n := 1; n <= 40; n++ {
		for range 20 {
			entries[randomWord(n)] = lexEntry{row: int32(len(entries) + 1), stop: uint8(rng.IntN(8))}
		}
	}
	prefix := strings.Repeat("p", 16)
	for _, w := range []string{prefix, prefix + "a", prefix + "b", prefix + "ab", prefix + "ba"} {
		entries[w] = lexEntry{row: int32(len(entries) + 1)}
	}
	l := newLexicon(entries)

	lookups := func(w string) []lexEntry {
		roomy := make([]byte, len(w), len(w)+16)
		copy(roomy, w)
		got := []lexEntry{l.get([]byte(w)), l.get(roomy), l.getString(w)}
		if len(w) <= 16 {
			k0, k1 := key16([]byte(w))
			got = append(got, l.short(k0, k1, len(w)))
		}
		return got
	}
	for w, want := range entries {
		for i, got := range lookups(w) {
			if got != want {
				t.Fatalf("lookup %d of %q = %+v, want %+v", i, w, got, want)
			}
		}
	}
	for _, w := range []string{"a" + prefix, prefix[:15], prefix + "c", prefix + "aa", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "\x00"} {
		if _, held := entries[w]; held {
			continue
		}
		for i, got := range lookups(w) {
			if got != (lexEntry{}) {
				t.Errorf("lookup %d of %q = %+v, want none", i, w, got)
			}
		}
	}
}

// TestPairKey holds the key of a pair made of its two words' keys to the
// key of the pair's bytes.
func TestPairKey(t *testing.T) {
	for la := 1; la <= 16; la++ {
		for lb := 1; lb <= 16; lb++ {
			a, b := strings.Repeat("a", la-1)+"x", "y"+strings.Repeat("b", lb-1)
			a0, a1 := key16([]byte(a))
			b0, b1 := key16([]byte(b))
			k0, k1, ok := pairKey(a0, a1, la, b0, b1, lb)
			if fits := la+1+lb <= 16; ok != fits {
				t.Fatalf("pairKey(%q, %q) ok = %v, want %v", a, b, ok, fits)
			}
			if !ok {
				continue
			}
			if w0, w1 := key16([]byte(a + " " + b)); k0 != w0 || k1 != w1 {
				t.Fatalf("pairKey(%q, %q) = %#x %#x, want %#x %#x", a, b, k0, k1, w0, w1)
			}
		}
	}
}

// TestLexiconCollisions looks up words that land on the slot of another
// word that shares their first 8 or 16 bytes, their length, or both: seeds
// are tried until the hash puts the two on the same slot.
func TestLexiconCollisions(t *testing.T) {
	p8, p16 := strings.Repeat("p", 8), strings.Repeat("p", 16)
	for _, c := range []struct{ held, asked string }{
		{p8 + "a", p8 + "b"},    // same first 8 bytes and length
		{p8 + "a", p8 + "ab"},   // same first 8 bytes
		{"ab", "abc"},           // one a prefix of the other
		{p16 + "a", p16 + "b"},  // long: same first 16 bytes and length
		{p16 + "ab", p16 + "a"}, // long: same first 16 bytes
		{p16 + "a", p16},        // a long word and its first 16 bytes
		{p16, p16[:15] + "q"},   // 16 bytes, the last differing
	} {
		k0, k1 := key16Copy(c.asked)
		collided := false
		for seed := range uint64(1000) {
			l := newLexiconSeeded(map[string]lexEntry{c.held: {row: 1, stop: 1}}, seed, seed*31)
			if l.hash(key16Copy(c.held)) != l.hash(k0, k1) {
				continue
			}
			collided = true
			if got := l.getString(c.asked); got != (lexEntry{}) {
				t.Errorf("lexicon of %q: getString(%q) = %+v, want none", c.held, c.asked, got)
			}
			if got := l.get([]byte(c.asked)); got != (lexEntry{}) {
				t.Errorf("lexicon of %q: get(%q) = %+v, want none", c.held, c.asked, got)
			}
			if len(c.asked) <= 16 {
				if got := l.short(k0, k1, len(c.asked)); got != (lexEntry{}) {
					t.Errorf("lexicon of %q: short(%q) = %+v, want none", c.held, c.asked, got)
				}
			}
			if got := l.getString(c.held); got != (lexEntry{row: 1, stop: 1}) {
				t.Errorf("lexicon of %q: getString of it = %+v", c.held, got)
			}
			break
		}
		if !collided {
			t.Fatalf("no seed put %q on the slot of %q", c.asked, c.held)
		}
	}
}
