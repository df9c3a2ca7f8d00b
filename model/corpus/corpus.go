// Package corpus reads labelled training and evaluation corpora: a manifest,
// labels.tsv, naming UTF-8 text files and their topics.
package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/features"
)

// ErrBadCorpus is returned when a corpus cannot be used: a malformed
// manifest line, an unknown topic, a missing or empty file, a duplicate id,
// or a topic without positive or negative examples. The errors returned
// wrap it with the details (which file, which line, why).
var ErrBadCorpus = errors.New("bad corpus")

// ManifestName is the name of a corpus's label manifest.
const ManifestName = "labels.tsv"

// A Document is one labelled training text.
type Document struct {
	// ID is the document's path in the corpus, as the manifest names it.
	ID string
	// Text is the document's content.
	Text string
	// Topics are the document's topics, sorted; empty for a document that
	// carries none.
	Topics []string
}

// A Corpus is a set of labelled documents, sorted by ID.
type Corpus struct {
	Documents []Document
}

// Load reads a corpus from fsys: a manifest named labels.tsv at its
// root, and the UTF-8 text files it names.
//
// Each manifest line is "PATH<TAB>TOPICS": PATH is a slash-separated path
// relative to the corpus root, TOPICS a comma-separated list of topic names or
// "-" for a document that carries none. Blank lines and lines that start with
// "#" are ignored.
//
// Load checks every line and reports every problem it finds (malformed
// line, unknown topic, duplicate path, missing, unreadable, non-UTF-8 or empty
// file, a file with the same text as another) in one error wrapping ErrBadCorpus; it returns no corpus at all then.
// A corpus must have at least one document with and one without each topic,
// or that topic's classifier could not be trained.
func Load(fsys fs.FS) (*Corpus, error) { return load(fsys, true) }

// LoadEval reads a corpus to evaluate a model on, such as a
// development set: as Load, but it need not hold examples and
// counter-examples of every topic.
func LoadEval(fsys fs.FS) (*Corpus, error) { return load(fsys, false) }

func load(fsys fs.FS, balanced bool) (*Corpus, error) {
	manifest, err := readFile(fsys, ManifestName, MaxManifestBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: reading manifest: %w", ErrBadCorpus, err)
	}
	var (
		docs  []Document
		errs  []error
		seen  = map[string]int{}
		texts = map[string]string{}
	)
	bad := func(line int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", ManifestName, line, fmt.Sprintf(format, args...)))
	}
	sc := bufio.NewScanner(bytes.NewReader(manifest))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, labels, ok := strings.Cut(line, "\t")
		id, labels = strings.TrimSpace(id), strings.TrimSpace(labels)
		if !ok || id == "" || labels == "" {
			// Not the line: a file that is no manifest must not be shown.
			bad(n, "want \"PATH<TAB>TOPICS\"")
			continue
		}
		if !fs.ValidPath(id) || id == "." {
			bad(n, "path %q is not a slash-separated path inside the corpus", id)
			continue
		}
		if first, dup := seen[id]; dup {
			bad(n, "duplicate document %q (first on line %d)", id, first)
			continue
		}
		seen[id] = n
		doc, err := readDocument(fsys, id, labels)
		if err != nil {
			bad(n, "%v", err)
			continue
		}
		if first, dup := texts[doc.Text]; dup {
			bad(n, "document %q has the same text as %q", id, first)
			continue
		}
		texts[doc.Text] = id
		docs = append(docs, doc)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", ManifestName, err))
	}
	if len(errs) == 0 && len(docs) == 0 {
		errs = append(errs, fmt.Errorf("%s lists no documents", ManifestName))
	}
	if len(errs) == 0 && balanced {
		errs = append(errs, checkBalance(docs)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrBadCorpus, errors.Join(errs...))
	}
	slices.SortFunc(docs, func(a, b Document) int { return strings.Compare(a.ID, b.ID) })
	return &Corpus{Documents: docs}, nil
}

func readDocument(fsys fs.FS, id, labels string) (Document, error) {
	var labelled []string
	if labels != "-" {
		for _, t := range strings.Split(labels, ",") {
			t = strings.TrimSpace(t)
			if !model.IsTopic(t) {
				return Document{}, fmt.Errorf("document %q: unknown topic %q (known: %s)", id, t, strings.Join(model.Topics(), ", "))
			}
			if slices.Contains(labelled, t) {
				return Document{}, fmt.Errorf("document %q: topic %q listed twice", id, t)
			}
			labelled = append(labelled, t)
		}
	}
	slices.Sort(labelled)
	data, err := readFile(fsys, id, MaxDocumentBytes)
	if err != nil {
		return Document{}, fmt.Errorf("document %q: %w", id, err)
	}
	if !utf8.Valid(data) {
		return Document{}, fmt.Errorf("document %q: not valid UTF-8", id)
	}
	text := string(data)
	if len(features.Words(text)) == 0 {
		return Document{}, fmt.Errorf("document %q: no words to learn from (empty or only stop words)", id)
	}
	return Document{ID: id, Text: text, Topics: labelled}, nil
}

// CheckBalance returns an error wrapping ErrBadCorpus that names the topics
// no document, or every document, carries, or nil when there are none: a
// topic's classifier needs examples and counter-examples.
func CheckBalance(docs []Document) error {
	if errs := checkBalance(docs); len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrBadCorpus, errors.Join(errs...))
	}
	return nil
}

// checkBalance reports the topics that no document, or every document, carries.
func checkBalance(docs []Document) []error {
	var errs []error
	for _, t := range model.Topics() {
		n := 0
		for _, d := range docs {
			if slices.Contains(d.Topics, t) {
				n++
			}
		}
		switch n {
		case 0:
			errs = append(errs, fmt.Errorf("no document carries topic %q: its classifier needs examples", t))
		case len(docs):
			errs = append(errs, fmt.Errorf("every document carries topic %q: its classifier needs counter-examples", t))
		}
	}
	return errs
}

// WithPrefix returns a copy of the corpus whose document IDs are prefixed by
// prefix and a slash, so that corpora from several directories can be merged.
func (c *Corpus) WithPrefix(prefix string) *Corpus {
	out := &Corpus{Documents: slices.Clone(c.Documents)}
	for i := range out.Documents {
		out.Documents[i].ID = prefix + "/" + out.Documents[i].ID
	}
	return out
}

// Merge returns one corpus holding the documents of all the corpora, sorted
// by ID. Two documents with the same ID or the same text are an error
// wrapping ErrBadCorpus, as is a result without examples and
// counter-examples of every topic.
func Merge(corpora ...*Corpus) (*Corpus, error) {
	var docs []Document
	for _, c := range corpora {
		docs = append(docs, c.Documents...)
	}
	slices.SortFunc(docs, func(a, b Document) int { return strings.Compare(a.ID, b.ID) })
	var errs []error
	texts := make(map[string]string, len(docs))
	for i, d := range docs {
		if i > 0 && docs[i-1].ID == d.ID {
			errs = append(errs, fmt.Errorf("document %q is in two corpora", d.ID))
			continue
		}
		if first, dup := texts[d.Text]; dup {
			errs = append(errs, fmt.Errorf("document %q has the same text as %q", d.ID, first))
			continue
		}
		texts[d.Text] = d.ID
	}
	if len(errs) == 0 && len(docs) == 0 {
		errs = append(errs, errors.New("no documents"))
	}
	if len(errs) == 0 {
		errs = append(errs, checkBalance(docs)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrBadCorpus, errors.Join(errs...))
	}
	return &Corpus{Documents: docs}, nil
}
