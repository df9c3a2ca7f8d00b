package evalreport

import (
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
