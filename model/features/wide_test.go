package features

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestWideMatchesReference checks the scanner against the reference on
// texts full of the characters foldTable lacks, each alone and among
// letters, marks and other such characters: those that fold alone
// (wideTable) and those folded with their neighbours (foldRun).
func TestWideMatchesReference(t *testing.T) {
	alphabet := []rune("ae Éé.,'\t\u0301\u0323\u200d" +
		"€™🚨😀\ufe0f🏽中文하한가\u11a8\u1100\u1161ｱｶﾞ\u3099か\u309aﬁ①Ⅻ℃" +
		"\u1dc0\u20d2\u20dd\u0653\u0627\u064b\u0928\u093c\u0915\u093e\u0b47\u0b3e\u05d0\u05b7" +
		"\U000e0001\U000f0000\u0345\u0399\u03b9\u2126\u212b\ufb2c\U0001d15e\U0001d165\U0001d16e")
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(24) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		checkAgainstReference(t, b.String())
	}
	for r := rune(foldTableSize); r < 0x30000; r += 7 {
		checkAgainstReference(t, "Tin "+string(r)+"tặc e"+string(r)+"\u0301 "+string(r)+string(r)+" a")
	}
}

// mixedArticle returns about 1 MiB of seed article 002, with " 3€ ™ 🚨"
// after every fifth word if mixed: the text of the CPU cliff of issue 13.
func mixedArticle(b *testing.B, mixed bool) string {
	words := strings.Fields(article002(b))
	var sb strings.Builder
	for i := 0; sb.Len() < 1<<20; i++ {
		sb.WriteString(words[i%len(words)])
		sb.WriteByte(' ')
		if mixed && i%5 == 4 {
			sb.WriteString("3€ ™ 🚨 ")
		}
	}
	return sb.String()
}

// BenchmarkFeaturesUnicode compares the cost per byte of a French text
// with and without euro signs, trademarks and emoji: within 2x.
func BenchmarkFeaturesUnicode(b *testing.B) {
	for _, mixed := range []bool{false, true} {
		name := map[bool]string{false: "plain", true: "euro-tm-emoji"}[mixed]
		b.Run(name, func(b *testing.B) {
			text := mixedArticle(b, mixed)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				Features(text)
			}
		})
	}
}
