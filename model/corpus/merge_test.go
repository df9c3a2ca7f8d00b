package corpus

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWithPrefixAndMerge(t *testing.T) {
	a, err := Load(corpusFS(validManifest, nil))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(corpusFS("x.txt\tleak\n"+validManifest, map[string][]byte{
		"a.txt": []byte("Des militants ont publié les courriels d'un ministre."),
		"c.txt": []byte("Une fuite d'eau a inondé la cuisine."),
		"x.txt": []byte("Des fichiers confidentiels ont été mis en ligne."),
		// sub/b.txt keeps the text it has in a: merging must refuse it.
	}))
	if err != nil {
		t.Fatal(err)
	}
	pa := a.WithPrefix("one")
	if got, want := pa.Documents[0].ID, "one/a.txt"; got != want {
		t.Errorf("WithPrefix: ID %q, want %q", got, want)
	}
	if a.Documents[0].ID != "a.txt" {
		t.Errorf("WithPrefix changed its receiver: ID %q", a.Documents[0].ID)
	}

	_, err = Merge(pa, b.WithPrefix("two"))
	if !errors.Is(err, ErrBadCorpus) || !strings.Contains(err.Error(), `"two/sub/b.txt" has the same text as "one/sub/b.txt"`) {
		t.Errorf("Merge of two corpora sharing a text: %v, want ErrBadCorpus naming both", err)
	}
	_, err = Merge(pa, pa)
	if !errors.Is(err, ErrBadCorpus) || !strings.Contains(err.Error(), `"one/a.txt" is in two corpora`) {
		t.Errorf("Merge of a corpus with itself: %v, want ErrBadCorpus naming the duplicate", err)
	}
	if _, err := Merge(); !errors.Is(err, ErrBadCorpus) {
		t.Errorf("Merge() = %v, want ErrBadCorpus", err)
	}

	b.Documents = slices.DeleteFunc(b.Documents, func(d Document) bool { return d.ID == "sub/b.txt" }) // the shared text
	m, err := Merge(b.WithPrefix("two"), pa)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	var ids []string
	for _, d := range m.Documents {
		ids = append(ids, d.ID)
	}
	if want := []string{"one/a.txt", "one/c.txt", "one/sub/b.txt", "two/a.txt", "two/c.txt", "two/x.txt"}; !cmp.Equal(ids, want) {
		t.Errorf("Merge IDs = %q, want %q (sorted)", ids, want)
	}
}

func TestLoadDuplicateText(t *testing.T) {
	_, err := Load(corpusFS(validManifest+"d.txt\tleak\n", map[string][]byte{"d.txt": []byte(textHackLeak)}))
	if !errors.Is(err, ErrBadCorpus) || !strings.Contains(err.Error(), `labels.tsv:4: document "d.txt" has the same text as "a.txt"`) {
		t.Errorf("Load with a repeated text: %v, want ErrBadCorpus naming line 4 and both files", err)
	}
}
