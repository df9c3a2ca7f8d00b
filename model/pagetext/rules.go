package pagetext

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is what a line is when judged alone.
type kind uint8

const (
	blank     kind = iota // nothing but spaces
	furniture             // page furniture: always dropped
	short                 // too short to judge alone: decided by its neighbours
	sentence              // short, but ends like a sentence: kept next to content
	content               // article text: always kept
)

// Thresholds, in words (runs of non-space characters holding a letter or
// a digit).
const (
	// contentWords is the length from which a line that ends like a
	// sentence is article text on its own (jusText's "length_low" is 70
	// characters, about 10 words).
	contentWords = 10
	// longWords is the length from which a line is article text whatever
	// its punctuation, and from which cue words at its start no longer make
	// it furniture.
	longWords = 25
	// bannerWords is the longest cookie banner, copyright footer or
	// newsletter box recognised by its phrases.
	bannerWords = 80
	// menuWordsPerItem is the largest mean number of words per item of a
	// menu, a link list or a row of buttons ("World | Business | Tech").
	menuWordsPerItem = 3.5
	// datelineWords is the longest byline or dateline.
	datelineWords = 25
	// shareWords is the longest row of sharing buttons.
	shareWords = 10
	// crumbWords is the longest breadcrumb, and the longest dateline
	// without a byline.
	crumbWords = 12
)

// line is one line of text with what the rules look at.
type line struct {
	text        string // the line without surrounding spaces
	folded      string // fold(text)
	toks        string // tokens(folded): " word word "
	nwords      int    // countWords(text)
	sentenceEnd bool   // ends with . ! ? … or :, before closing quotes
	segs        []item // the items of a menu or byline, once computed
}

// item is one item of a line split at menu separators (see segments).
type item struct {
	text, folded, toks string
}

func newLine(s string) line {
	t := strings.TrimSpace(s)
	f := fold(t)
	return line{
		text:        t,
		folded:      f,
		toks:        tokens(f),
		nwords:      countWords(t),
		sentenceEnd: endsSentence(t),
	}
}

func (l *line) words() int { return l.nwords }

// items returns the line's items: its text split at menu separators (see
// segments), folded and tokenized. Only the rules for short lines need
// them, so they are computed on first use.
func (l *line) items() []item {
	if l.segs != nil {
		return l.segs
	}
	texts := segments(l.text)
	if len(texts) < 2 {
		l.segs = []item{{l.text, l.folded, l.toks}}
		return l.segs
	}
	folded := segments(l.folded) // folding keeps the separators
	l.segs = make([]item, len(texts))
	for i, t := range texts {
		f := fold(t)
		if len(folded) == len(texts) {
			f = folded[i]
		}
		l.segs[i] = item{t, f, tokens(f)}
	}
	return l.segs
}

// countWords counts the runs of non-space characters that hold a letter or
// a digit: "|" and "–" are not words.
func countWords(s string) int {
	n := 0
	for f := range strings.FieldsSeq(s) {
		if strings.IndexFunc(f, isWordRune) >= 0 {
			n++
		}
	}
	return n
}

// furnitureRules make a line furniture on its own, whatever its
// neighbours. All of them look at one line only, so that StripFurniture is
// idempotent: a line kept once is never furniture on a second pass.
var furnitureRules = []struct {
	name  string
	match func(*line) bool
}{
	{"cookie banner", isCookieBanner},
	{"copyright footer", isCopyright},
	{"newsletter box", isNewsletter},
	{"follow prompt", isFollowPrompt},
	{"cue phrase", hasLeadingCue},
	{"cue label", hasCueLabel},
	{"share buttons", isShareButtons},
	{"breadcrumb", isBreadcrumb},
	{"menu or link list", isMenu},
	{"byline", isByline},
	{"dateline", isDateline},
}

// classify says what a line is when judged alone, and counts its words.
func classify(s string) (kind, int) {
	l := newLine(s)
	switch {
	case l.text == "":
		return blank, 0
	case furnitureRule(&l) != "":
		return furniture, l.words()
	default:
		return lengthKind(&l), l.words()
	}
}

// furnitureRule returns the name of the first rule that makes l furniture,
// or "" when none does.
func furnitureRule(l *line) string {
	for _, r := range furnitureRules {
		if r.match(l) {
			return r.name
		}
	}
	return ""
}

// lengthKind classifies a line that no furniture rule matched, by its
// length and punctuation. A line shorter than longWords that ends with ? or
// ! is a sentence, not content, as headlines do ("Who was behind the
// attack?"): its context decides, and it can be the title.
func lengthKind(l *line) kind {
	n := l.words()
	switch {
	case n >= longWords:
		return content
	case !l.sentenceEnd:
		return short
	case n >= contentWords && !strings.ContainsAny(lastRune(l.text), "?!"):
		return content
	default:
		return sentence
	}
}

// lastRune returns the last rune of t before closing quotes and brackets,
// as a string ("" for none).
func lastRune(t string) string {
	if n := len(t); n > 0 && t[n-1] < utf8.RuneSelf && !strings.ContainsRune(" \t\n\v\f\r\"')]*", rune(t[n-1])) {
		return t[n-1:] // the common case: an ASCII character with nothing to look through
	}
	return lastRunePlain(t)
}

// lastRunePlain is lastRune with no fast path, the reference it is tested
// against.
func lastRunePlain(t string) string {
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]*`, r)
	})
	_, size := utf8.DecodeLastRuneInString(t)
	return t[len(t)-size:]
}

// endsSentence reports whether t ends with sentence punctuation, looking
// through closing quotes and brackets ("… Préparez-vous. »").
func endsSentence(t string) bool {
	r := lastRune(t)
	return r != "" && strings.Contains(".!?…:", r)
}

// spacedSeparators are the separators that only separate when spaced:
// "Home > World", not "a>b"; "Tech / Science", not "12/03/2024"; and two
// spaces, as menus come out of some text extractions ("Home  News  Jobs").
var spacedSeparators = strings.NewReplacer(" > ", " | ", " / ", " | ", " – ", " | ", " — ", " | ", "  ", " | ", "\t", " | ")

// segments splits t at menu separators: | • · › ▸ ►, » unless t also holds
// «, and the spaced ones above. Empty segments are dropped.
func segments(t string) []string {
	s := spacedSeparators.Replace(strings.ReplaceAll(t, "\u00a0", " "))
	guillemets := strings.ContainsRune(t, '«')
	parts := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '|', '•', '·', '›', '▸', '►':
			return true
		case '»':
			return !guillemets
		}
		return false
	})
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// containsAny reports whether the token string toks holds one of the
// padded phrases ps (see phrases) as whole words.
func containsAny(toks string, ps []string) bool {
	for _, p := range ps {
		if strings.Contains(toks, p) {
			return true
		}
	}
	return false
}

// startsWithAny reports whether the token string toks starts with one of
// the padded phrases ps as whole words.
func startsWithAny(toks string, ps []string) bool {
	for _, p := range ps {
		if strings.HasPrefix(toks, p) {
			return true
		}
	}
	return false
}

// isCookieBanner matches the site speaking of its cookies ("We use
// cookies", "Ce site utilise des cookies"), or cookies with buttons
// ("Website sử dụng cookie. Chấp nhận | Từ chối"), not an article about
// cookies.
func isCookieBanner(l *line) bool {
	return l.words() <= bannerWords && containsAny(l.toks, cookieWords) &&
		(containsAny(l.toks, cookieVoice) || len(l.items()) >= 2)
}

func isCopyright(l *line) bool {
	if l.words() > bannerWords {
		return false
	}
	if strings.Contains(l.text, "©") || strings.HasPrefix(l.toks, " copyright ") || containsAny(l.toks, rightsReserved) {
		return true
	}
	return l.words() < longWords && containsAny(l.toks, footerPhrases)
}

func isNewsletter(l *line) bool {
	if l.words() > bannerWords {
		return false
	}
	return containsAny(l.toks, inboxPhrases) ||
		containsAny(l.toks, newsletterWords) && containsAny(l.toks, signUpWords)
}

// isFollowPrompt matches "Get local news first: follow us on Facebook and
// X." anywhere in a line shorter than longWords.
func isFollowPrompt(l *line) bool {
	return l.words() < longWords && containsAny(l.toks, followCues)
}

// hasLeadingCue matches a line shorter than longWords that starts with a
// leading cue ("Read more: ..."), or one of whose items does when it has
// several ("Tin Quốc Tế | Đăng nhập").
func hasLeadingCue(l *line) bool {
	if l.words() >= longWords {
		return false
	}
	if startsWithAny(l.toks, leadingCues) {
		return true
	}
	for _, it := range l.items()[1:] {
		if startsWithAny(it.toks, leadingCues) || isLabel(it.folded) {
			return true
		}
	}
	return false
}

// hasCueLabel matches a line whose text before its first ':' or '|' is a
// label cue alone: "Share", "Tags: ransomware", "Partager : Facebook".
func hasCueLabel(l *line) bool {
	return l.words() < longWords && isLabel(l.folded)
}

// isLabel reports whether the folded text before the first ':' or '|' of
// f is a label cue alone.
func isLabel(f string) bool {
	if i := strings.IndexAny(f, ":|"); i >= 0 {
		f = f[:i]
	}
	return slices.Contains(labelCues, tokens(f))
}

// isShareButtons matches a row of sharing buttons: "Facebook Twitter
// LinkedIn E-mail", "[f] Partager [t] Tweeter", "Partager f t in ✉": a line
// of at most shareWords words that names a network or sharing channel, in which
// there are two names, or a name and two icons (see isIcon), and names and
// icons make at least half of the words.
func isShareButtons(l *line) bool {
	if l.words() > shareWords {
		return false
	}
	names, icons := 0, 0
	for _, f := range strings.Fields(l.folded) {
		switch {
		case isSocial(strings.Trim(f, ":,;.|()[]")):
			names++
		case isIcon(f):
			icons++
		}
	}
	return (names >= 2 || names >= 1 && icons >= 2) && 2*(names+icons) >= l.words()
}

// isIcon reports whether the word f stands for a button's icon: a single
// letter, a word in brackets ("[in]"), or symbols without letters or
// digits ("✉", "🔗").
func isIcon(f string) bool {
	if strings.HasPrefix(f, "[") && strings.HasSuffix(f, "]") {
		return true
	}
	letters, digits := 0, 0
	for _, r := range f {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	return digits == 0 && letters <= 1
}

func isSocial(w string) bool {
	for _, s := range socialNames {
		if w == s {
			return true
		}
	}
	return false
}

// isBreadcrumb matches "Home > Health > Ireland", "Thế giới › Châu Âu" and
// "Trang chủ / An ninh mạng".
func isBreadcrumb(l *line) bool {
	if l.sentenceEnd || l.words() > crumbWords || len(l.items()) < 2 {
		return false
	}
	return strings.Contains(l.text, " > ") || strings.ContainsRune(l.text, '›') ||
		strings.Contains(l.text, " » ") && !strings.ContainsRune(l.text, '«') ||
		startsWithAny(l.items()[0].toks, homeWords)
}

// isMenu matches a menu line, a list of links or a row of buttons: at
// least three items of a few words each.
func isMenu(l *line) bool {
	if l.sentenceEnd {
		return false
	}
	n := len(l.items())
	return n >= 3 && float64(l.words()) <= menuWordsPerItem*float64(n)
}

// isByline matches "By Jane Doe | 14 May 2021", "Minh Anh | 07/03/2025 -
// 10:42" and "Publié le 16/11/2015": a short line one of whose items
// starts with a byline cue, or is a date when there are several. "By" and "Par"
// count only as a word of their own in a line of several items or of at
// most five words, so that "By-election called" stays.
func isByline(l *line) bool {
	if l.words() > datelineWords || l.sentenceEnd && len(l.items()) < 2 {
		return false
	}
	several := len(l.items()) > 1
	for _, it := range l.items() {
		if bylineItem(it, several || l.words() <= 5) || several && isDate(strings.Fields(it.text)) {
			return true
		}
	}
	return false
}

var byPar = phrases("by", "par")

// bylineItem reports whether the item it of a byline starts with a byline
// cue, or with "By" or "Par" as a word of its own when byOK.
func bylineItem(it item, byOK bool) bool {
	if startsWithAny(it.toks, bylineCues) {
		return true
	}
	first, _, _ := strings.Cut(it.text, " ")
	return byOK && startsWithAny(it.toks, byPar) && !strings.ContainsAny(first, "-'’")
}

// isDateline matches a date and time alone: "Friday 14 May 2021, 18:40",
// "Thứ Hai, 12/3/2024, 10:30 (GMT+7)": at least 40% of its words hold a
// digit, and one is a time, a numeric date or a month.
func isDateline(l *line) bool {
	return !l.sentenceEnd && l.words() <= crumbWords && isDate(strings.Fields(l.text))
}

// isDate reports whether the words fields are a date and time: at least
// 40% of the words (runs holding a letter or digit) hold a digit, and one
// is a time, a numeric date or a month.
func isDate(fields []string) bool {
	digits, dated := 0, false
	for _, f := range fields {
		f = strings.Trim(f, "(),;.")
		if strings.IndexFunc(f, unicode.IsDigit) >= 0 {
			digits++
			dated = dated || strings.ContainsAny(f, ":/h")
		}
	}
	if digits == 0 { // no date without a digit: skip the folding below
		return false
	}
	words := 0
	for _, f := range fields {
		if strings.IndexFunc(f, isWordRune) >= 0 {
			words++
		}
	}
	if !dated {
		dated = containsAny(tokens(fold(strings.Join(fields, " "))), monthNames)
	}
	return digits > 0 && dated && 5*digits >= 2*words
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
