package evalreport

import (
	"slices"
	"strings"
	"testing"

	"github.com/seed134e4861/topicd/model/corpus"
)

func TestCheckHeldOut(t *testing.T) {
	corpusOf := func(docs ...corpus.Document) *corpus.Corpus { return &corpus.Corpus{Documents: docs} }
	train := corpusOf(
		corpus.Document{ID: "train/a.txt", Text: "Anonymous claims a DDoS attack on the ministry."},
		corpus.Document{ID: "train/b.txt", Text: "Officials accuse a state-sponsored group of espionage.\n"},
	)
	for _, tt := range []struct {
		name     string
		dev      *corpus.Corpus
		wantText []string // nil: no error; else the error names each
	}{
		{"disjoint", corpusOf(corpus.Document{ID: "dev/x.txt", Text: "A ransomware gang demands a payment."}), nil},
		{"no dev items", corpusOf(), nil},
		{"inner spacing differs", corpusOf(corpus.Document{ID: "dev/x.txt", Text: "Anonymous claims a DDoS  attack on the ministry."}), nil},
		{"same text", corpusOf(corpus.Document{ID: "dev/x.txt", Text: "Anonymous claims a DDoS attack on the ministry."}),
			[]string{"dev/x.txt", "train/a.txt"}},
		{"same text but surrounding spaces", corpusOf(corpus.Document{ID: "dev/y.txt", Text: "\t Officials accuse a state-sponsored group of espionage. \r\n"}),
			[]string{"dev/y.txt", "train/b.txt"}},
		{"two shared texts", corpusOf(
			corpus.Document{ID: "dev/x.txt", Text: "Anonymous claims a DDoS attack on the ministry.\n"},
			corpus.Document{ID: "dev/y.txt", Text: "A ransomware gang demands a payment."},
			corpus.Document{ID: "dev/z.txt", Text: "Officials accuse a state-sponsored group of espionage."},
		), []string{"dev/x.txt", "train/a.txt", "dev/z.txt", "train/b.txt"}},
	} {
		err := checkHeldOut(train, tt.dev)
		if tt.wantText == nil {
			if err != nil {
				t.Errorf("checkHeldOut (%s) = %v, want nil", tt.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("checkHeldOut (%s) = nil, want an error naming %q", tt.name, tt.wantText)
			continue
		}
		for _, s := range tt.wantText {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("checkHeldOut (%s) = %v, want it to name %q", tt.name, err, s)
			}
		}
	}
}

func TestWrapDev(t *testing.T) {
	docs := []corpus.Document{
		{ID: "a", Text: "Anonymous claims a DDoS attack on the ministry of the interior."},
		{ID: "b", Text: "Des hacktivistes revendiquent une attaque contre le site du ministère."},
		{ID: "c", Text: "The hackers leaked the files of the campaign before the vote."},
		{ID: "d", Text: "Nobody knows."},
	}
	furniture := map[string][]string{
		"en": {"menu\nfooter", "top\nshare\nbottom"},
		"fr": {"accueil\ncookies"},
	}
	want := []string{
		"menu\n" + docs[0].Text + "\nfooter",
		"accueil\n" + docs[1].Text + "\ncookies",
		"menu\n" + docs[2].Text + "\nfooter",
		"top\n" + docs[3].Text + "\nshare\nbottom", // no language told: English
	}
	got := wrapDev(docs, furniture)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("wrapDev item %d = %q, want %q", i, got[i], want[i])
		}
	}
	if again := wrapDev(docs, furniture); !slices.Equal(got, again) {
		t.Errorf("wrapDev gave %q, then %q", got, again)
	}
}

func TestSameAsArticle(t *testing.T) {
	pages := [][]string{{"leak"}, {"hacktivism", "leak"}, nil, {"leak"}, {"state_actor"}}
	articles := [][]string{{"leak"}, {"leak", "hacktivism"}, nil, {"hacktivism", "leak"}} // the last page has none
	if same := sameAsArticle(pages, articles, []int{0, 1, 2, 3}); same != 3 {
		t.Errorf("sameAsArticle = %d, want 3 (order of topics ignored)", same)
	}
	if same := sameAsArticle(pages, articles[1:], []int{0, 4}); same != 0 {
		t.Errorf("sameAsArticle paired with other pages = %d, want 0", same)
	}
}
