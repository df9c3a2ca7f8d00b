package pagetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fastInputs are the test inputs, the whole pages, and each page cut at
// every line, so that every line is seen at each end of a text.
func fastInputs(tb testing.TB) []string {
	var in []string
	for _, tt := range stripTests {
		in = append(in, tt.in)
	}
	for _, p := range pageTexts(tb) {
		in = append(in, p)
		ls := strings.Split(p, "\n")
		for i := range ls {
			in = append(in, strings.Join(ls[:i], "\n"), strings.Join(ls[i:], "\n"), ls[i])
		}
	}
	return in
}

// TestStripFast checks StripFurniture, the fast path, against
// stripFurniturePlain, its plain twin.
func TestStripFast(t *testing.T) {
	for _, in := range fastInputs(t) {
		if got, want := StripFurniture(in), stripFurniturePlain(in); got != want {
			t.Errorf("StripFurniture(%q) = %q, want %q (stripFurniturePlain)", in, got, want)
		}
	}
}

// TestQuickClassify checks quickClassify against classify on every line
// of the test inputs and of the rule tests.
func TestQuickClassify(t *testing.T) {
	var ls []string
	for _, in := range fastInputs(t) {
		ls = append(ls, strings.Split(in, "\n")...)
	}
	ls = append(ls, "Share", "Copyright 2011", "E-mail", "Facebook X", "12/03/2024", "a  b", "a\u00a0b", "Ǆ Œuvre")
	for _, s := range ls {
		gk, gn := quickClassify(s)
		wk, wn := classify(s)
		if gk != wk || gn != wn {
			t.Errorf("quickClassify(%q) = %v, %d, want %v, %d (classify)", s, gk, gn, wk, wn)
		}
	}
}

// TestFoldedRune checks the prefilter's fold tables against fold.
func TestFoldedRune(t *testing.T) {
	for r := rune(0x80); r < 0x3000; r++ {
		if got, ok := foldedRune(r); ok && got != fold(string(r)) {
			t.Errorf("foldedRune(%q) = %q, want %q", r, got, fold(string(r)))
		}
	}
}

// TestScanLineTokens checks that the prefilter finds every cue phrase a
// line holds.
func TestScanLineTokens(t *testing.T) {
	for _, p := range append(append(leadingCues, labelCues...), bylineCues...) {
		if s := scanLine(strings.TrimSpace(p)); !s.lead {
			t.Errorf("scanLine(%q).lead = false, want true", p)
		}
	}
	for _, ps := range [][]string{cookieWords, rightsReserved, footerPhrases, inboxPhrases, newsletterWords, followCues} {
		for _, p := range ps {
			if s := scanLine("Xyz " + strings.ToUpper(strings.TrimSpace(p)) + "."); !s.cue {
				t.Errorf("scanLine(%q).cue = false, want true", p)
			}
		}
	}
}

func BenchmarkStripFurniturePlain(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		stripFurniturePlain(text)
	}
}

// TestRuneInfo checks that otherRune, by runeInfos, leaves a scan as
// scanning the rune's fold rune by rune does.
func TestRuneInfo(t *testing.T) {
	for r := rune(0x80); r < 0x3000; r++ {
		f, ok := foldedRune(r)
		if !ok {
			continue
		}
		got, want := lineScan{inTok: true, tok: 42}, lineScan{inTok: true, tok: 42}
		got.otherRune(r)
		want.foldedRunes(f)
		if got.tok != want.tok || got.inTok != want.inTok || got.ntok != want.ntok {
			t.Errorf("otherRune(%q): token %x, %v, %d, want %x, %v, %d", r, got.tok, got.inTok, got.ntok, want.tok, want.inTok, want.ntok)
		}
	}
}

// TestDecodeRune holds decodeRune to utf8.DecodeRuneInString on every
// two-byte sequence after a non-ASCII byte, valid or not, and at the end
// of the text.
func TestDecodeRune(t *testing.T) {
	for c0 := 0x80; c0 < 0x100; c0++ {
		for c1 := -1; c1 < 0x100; c1++ {
			s := "a" + string([]byte{byte(c0)})
			if c1 >= 0 {
				s += string([]byte{byte(c1)})
			}
			r, n := decodeRune(s, 1)
			wr, wn := utf8.DecodeRuneInString(s[1:])
			if r != wr || n != wn {
				t.Fatalf("decodeRune(%q) = %U, %d; want %U, %d", s[1:], r, n, wr, wn)
			}
		}
	}
}

// TestCueBitmap checks that the bitmap in front of the cue table hides no
// key: every key the table holds is found through get.
func TestCueBitmap(t *testing.T) {
	n := 0
	for i, k := range cues.keys {
		if k == 0 {
			continue
		}
		n++
		if got := cues.get(k); got != cues.flags[i] {
			t.Fatalf("get(%#x) = %v, want %v", k, got, cues.flags[i])
		}
	}
	if n < 100 {
		t.Fatalf("the cue table holds %d keys, want the phrases' hundreds", n)
	}
}

// TestLastRune holds lastRune's fast path to lastRunePlain: every ASCII
// character, and a few others, at the end of texts that end in closing
// quotes and spaces or not.
func TestLastRune(t *testing.T) {
	ends := []string{"é", "»", "”", "’", "…", "\u00a0", "\u2009"}
	for b := range utf8.RuneSelf {
		ends = append(ends, string(rune(b)))
	}
	for _, prefix := range []string{"", "Fin.", "Fin. »", "« Non ! »", "Xem thêm", "a\"", "(b)"} {
		for _, end := range ends {
			if got, want := lastRune(prefix+end), lastRunePlain(prefix+end); got != want {
				t.Errorf("lastRune(%q) = %q, want %q", prefix+end, got, want)
			}
		}
	}
	if got := lastRune("Il a dit : « Préparez-vous. » "); got != "." {
		t.Errorf("lastRune looks through « »: got %q, want %q", got, ".")
	}
}
