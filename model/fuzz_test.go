package model

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzTokenize checks Tokenize never panics and every token it returns is
// one Tokenize keeps: 2 to 48 letters, digits or marks, valid UTF-8, not a
// stop word, and its own tokenization; and that Tokenize, Features and
// DetectLanguage agree with the plain x/text reference (reference_test.go).
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"",
		"l’attaque d'Anonymous qu'il jusqu’à",
		"Tin tặc đánh cắp dữ liệu bầu cử",
		"ＡＰＴ２８ ﬁchier Straße ΣΊΣΥΦΟΣ İstanbul",
		"hack🔥leak\u200bzero\u200dwidth",
		"e\u0301lection ǅemal ①② x² Ⅻ",
		strings.Repeat("ß", 24) + " " + strings.Repeat("é", 49),
		"\xff\xfebad\xc3 ab\xe2\x80cd",
	} {
		f.Add(s)
	}
	for _, s := range seedTexts(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkAgainstReference(t, text)
		for _, tok := range Tokenize(text) {
			n := utf8.RuneCountInString(tok)
			if !utf8.ValidString(tok) || n < 2 || n > maxTokenRunes {
				t.Fatalf("Tokenize(%q) gave token %q of %d runes, want 2 to %d runes of valid UTF-8", text, tok, n, maxTokenRunes)
			}
			if stopMasks[tok] != 0 {
				t.Fatalf("Tokenize(%q) gave stop word %q", text, tok)
			}
			for _, r := range tok {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
					t.Fatalf("Tokenize(%q) gave token %q with %U, want letters, digits and marks", text, tok, r)
				}
			}
			if again := Tokenize(tok); len(again) != 1 || again[0] != tok {
				t.Fatalf("Tokenize(%q) gave token %q, and Tokenize(%q) = %q, want [%q]", text, tok, tok, again, tok)
			}
		}
	})
}

// FuzzDecode checks Decode never panics nor exhausts memory: it refuses data
// with an error wrapping ErrBadModelFile, or returns a model whose Encode
// decodes again to the same model. Each input is tried as it is and, since a
// mutation almost never keeps the checksum valid, also with its last 32
// bytes replaced by the checksum of the others: so the fuzzer reaches the
// header and the training store.
func FuzzDecode(f *testing.F) {
	small, seed := smallModel(f), trainedSeeds(f)
	f.Add(small.Encode())
	f.Add(seed.Encode())
	f.Add([]byte{})
	f.Add([]byte("TOPICDNB"))
	header, payload := modelFileParts(f, small.Encode())
	f.Add(buildModelFile(FormatVersion+1, header, payload))
	f.Add(buildModelFile(FormatVersion, []byte(`{"tokenizer":"topicd-tokenizer/1"}`), payload))
	f.Add(buildModelFile(FormatVersion, header, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
		if len(data) >= sha256.Size {
			checkDecode(t, sealModelFile(data[:len(data)-sha256.Size]))
		}
	})
}

func checkDecode(t *testing.T, data []byte) {
	t.Helper()
	m, err := Decode(data)
	if err != nil {
		if !errors.Is(err, ErrBadModelFile) || m != nil {
			t.Fatalf("Decode = %v, %v; want a model or an error wrapping ErrBadModelFile", m, err)
		}
		return
	}
	enc := m.Encode()
	again, err := Decode(enc)
	if err != nil {
		t.Fatalf("Decode(Decode(data).Encode()): %v", err)
	}
	if again.Version() != m.Version() || !bytes.Equal(again.Encode(), enc) {
		t.Fatalf("Decode(Encode()) = %s, want %s, byte for byte", again.Version(), m.Version())
	}
	r, err := m.Classify("Anonymous a piraté la campagne électorale")
	if err != nil || len(r.Scores) != len(m.Info().Topics) {
		t.Fatalf("decoded model: Classify = %v, %v; want one score per topic of %v", r, err, m.Info().Topics)
	}
}

// FuzzClassify checks Classify on the serving model never panics, refuses
// a blank text with ErrEmptyText, and otherwise scores every topic with a
// probability, most probable first, assigning those at the threshold; and
// that its counts and probabilities are those of the plain reference
// (referenceClassify), to the last bit.
func FuzzClassify(f *testing.F) {
	m := embeddedModel(f)
	for _, s := range classifyTexts {
		f.Add(s)
	}
	for _, s := range []string{"", " \t\n", "\u00a0\u3000", "\u200b", "zzzz qqqq", "!!!", "\xff\xfe", "le la les"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r, err := m.Classify(text)
		if strings.TrimSpace(text) == "" {
			if !errors.Is(err, ErrEmptyText) {
				t.Fatalf("Classify(%q) = %v, %v; want ErrEmptyText", text, r, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Classify(%q): %v", text, err)
		}
		checkResult(t, m, text, r)
		checkClassifyAgainstReference(t, m, text, r)
	})
}
