package evalreport

import (
	"strings"
	"testing"

	"github.com/seed134e4861/topicd/model"
)

func TestCheckHeldOut(t *testing.T) {
	corpus := func(docs ...model.Document) *model.Corpus { return &model.Corpus{Documents: docs} }
	train := corpus(
		model.Document{ID: "train/a.txt", Text: "Anonymous claims a DDoS attack on the ministry."},
		model.Document{ID: "train/b.txt", Text: "Officials accuse a state-sponsored group of espionage.\n"},
	)
	for _, tt := range []struct {
		name     string
		dev      *model.Corpus
		wantText []string // nil: no error; else the error names each
	}{
		{"disjoint", corpus(model.Document{ID: "dev/x.txt", Text: "A ransomware gang demands a payment."}), nil},
		{"no dev items", corpus(), nil},
		{"inner spacing differs", corpus(model.Document{ID: "dev/x.txt", Text: "Anonymous claims a DDoS  attack on the ministry."}), nil},
		{"same text", corpus(model.Document{ID: "dev/x.txt", Text: "Anonymous claims a DDoS attack on the ministry."}),
			[]string{"dev/x.txt", "train/a.txt"}},
		{"same text but surrounding spaces", corpus(model.Document{ID: "dev/y.txt", Text: "\t Officials accuse a state-sponsored group of espionage. \r\n"}),
			[]string{"dev/y.txt", "train/b.txt"}},
		{"two shared texts", corpus(
			model.Document{ID: "dev/x.txt", Text: "Anonymous claims a DDoS attack on the ministry.\n"},
			model.Document{ID: "dev/y.txt", Text: "A ransomware gang demands a payment."},
			model.Document{ID: "dev/z.txt", Text: "Officials accuse a state-sponsored group of espionage."},
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
