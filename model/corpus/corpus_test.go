package corpus

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/seeds"
)

// Texts of the small test corpus: together they give every topic at least
// one document with it and one without.
const (
	textHackLeak   = "Anonymous a piraté le site de la police et publié les fichiers volés."
	textStateVote  = "Le GRU est accusé d'ingérence dans l'élection présidentielle."
	textRansomware = "Une banque victime d'un rançongiciel refuse de payer la rançon."
)

// corpusFS returns a corpus of the three test texts (a.txt, sub/b.txt,
// c.txt) with the given manifest, and with files replacing or adding to
// them; a nil file is removed.
func corpusFS(manifest string, files map[string][]byte) fstest.MapFS {
	fsys := fstest.MapFS{
		ManifestName: {Data: []byte(manifest)},
		"a.txt":      {Data: []byte(textHackLeak)},
		"sub/b.txt":  {Data: []byte(textStateVote)},
		"c.txt":      {Data: []byte(textRansomware)},
	}
	for name, data := range files {
		if data == nil {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// validManifest labels the three test texts.
const validManifest = "a.txt\thacktivism,leak\nsub/b.txt\tstate_actor,election_interference\nc.txt\t-\n"

func TestLoad(t *testing.T) {
	manifest := "# The test corpus.\r\n" +
		"\r\n" +
		"c.txt\t-\r\n" +
		"   \r\n" +
		"sub/b.txt\t state_actor , election_interference \r\n" +
		"# a.txt\tstate_actor\r\n" +
		"a.txt\tleak,hacktivism\r\n"
	got, err := Load(corpusFS(manifest, nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := &Corpus{Documents: []Document{
		{ID: "a.txt", Text: textHackLeak, Topics: []string{model.Hacktivism, model.Leak}},
		{ID: "c.txt", Text: textRansomware},
		{ID: "sub/b.txt", Text: textStateVote, Topics: []string{model.ElectionInterference, model.StateActor}},
	}}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Load mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadManifestOrder checks the corpus does not depend on the order
// of the manifest's lines.
func TestLoadManifestOrder(t *testing.T) {
	a, err := Load(corpusFS(validManifest, nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(validManifest), "\n")
	reversed := ""
	for i := len(lines) - 1; i >= 0; i-- {
		reversed += lines[i] + "\n"
	}
	b, err := Load(corpusFS(reversed, nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("Load of the reversed manifest differs (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	const (
		lineA = "a.txt\thacktivism,leak\n"
		lineB = "sub/b.txt\tstate_actor,election_interference\n"
		lineC = "c.txt\t-\n"
	)
	tests := []struct {
		name string
		fsys fs.FS
		want []string // substrings of the error message
	}{
		{
			name: "missing manifest",
			fsys: corpusFS("", map[string][]byte{ManifestName: nil}),
			want: []string{"reading manifest", ManifestName},
		},
		{
			name: "no tab",
			fsys: corpusFS(lineA+"sub/b.txt state_actor\n"+lineC, nil),
			// The line is not shown: a file that is no manifest must not be.
			want: []string{`labels.tsv:2: want "PATH<TAB>TOPICS"`},
		},
		{
			name: "no topics",
			fsys: corpusFS(lineA+lineB+"c.txt\t\n", nil),
			want: []string{`labels.tsv:3: want "PATH<TAB>TOPICS"`},
		},
		{
			name: "no path",
			fsys: corpusFS("\tleak\n"+lineA+lineB+lineC, nil),
			want: []string{`labels.tsv:1: want "PATH<TAB>TOPICS"`},
		},
		{
			name: "unknown topic",
			fsys: corpusFS(lineA+"sub/b.txt\tstate_actor,espionage\n"+lineC, nil),
			want: []string{`labels.tsv:2: document "sub/b.txt": unknown topic "espionage"`},
		},
		{
			name: "topic in capitals",
			fsys: corpusFS("a.txt\tHacktivism,leak\n"+lineB+lineC, nil),
			want: []string{`labels.tsv:1: document "a.txt": unknown topic "Hacktivism"`},
		},
		{
			name: "trailing comma",
			fsys: corpusFS("a.txt\thacktivism,leak,\n"+lineB+lineC, nil),
			want: []string{`labels.tsv:1: document "a.txt": unknown topic ""`},
		},
		{
			name: "no topic mixed with topics",
			fsys: corpusFS(lineA+lineB+"c.txt\t-,leak\n", nil),
			want: []string{`labels.tsv:3: document "c.txt": unknown topic "-"`},
		},
		{
			name: "topic listed twice",
			fsys: corpusFS("a.txt\tleak,hacktivism,leak\n"+lineB+lineC, nil),
			want: []string{`labels.tsv:1: document "a.txt": topic "leak" listed twice`},
		},
		{
			name: "duplicate path",
			fsys: corpusFS(lineA+lineB+lineC+"# again\n"+"a.txt\tleak\n", nil),
			want: []string{`labels.tsv:5: duplicate document "a.txt" (first on line 1)`},
		},
		{
			name: "path escaping the corpus",
			fsys: corpusFS(lineA+lineB+lineC+"../x.txt\tleak\n", nil),
			want: []string{`labels.tsv:4: path "../x.txt" is not a slash-separated path inside the corpus`},
		},
		{
			name: "absolute path",
			fsys: corpusFS(lineA+lineB+lineC+"/etc/passwd\tleak\n", nil),
			want: []string{`labels.tsv:4: path "/etc/passwd" is not`},
		},
		{
			name: "dot path",
			fsys: corpusFS(lineA+lineB+lineC+"./a.txt\tleak\n", nil),
			want: []string{`labels.tsv:4: path "./a.txt" is not`},
		},
		{
			name: "corpus root",
			fsys: corpusFS(lineA+lineB+lineC+".\tleak\n", nil),
			want: []string{`labels.tsv:4: path "." is not`},
		},
		{
			name: "missing file",
			fsys: corpusFS(lineA+lineB+lineC+"d.txt\tleak\n", nil),
			want: []string{`labels.tsv:4: document "d.txt": open d.txt: file does not exist`},
		},
		{
			name: "directory",
			fsys: corpusFS(lineA+lineB+lineC+"sub\tleak\n", nil),
			want: []string{`labels.tsv:4: document "sub": `},
		},
		{
			name: "not UTF-8",
			fsys: corpusFS(validManifest, map[string][]byte{"c.txt": []byte("rançon\xe7 Latin-1")}),
			want: []string{`labels.tsv:3: document "c.txt": not valid UTF-8`},
		},
		{
			name: "empty file",
			fsys: corpusFS(validManifest, map[string][]byte{"c.txt": {}}),
			want: []string{`labels.tsv:3: document "c.txt": no words to learn from`},
		},
		{
			name: "only stop words",
			fsys: corpusFS(validManifest, map[string][]byte{"c.txt": []byte("Il a été, et ce n'est pas — the and of y.")}),
			want: []string{`labels.tsv:3: document "c.txt": no words to learn from (empty or only stop words)`},
		},
		{
			name: "no documents",
			fsys: corpusFS("# nothing yet\n\n", nil),
			want: []string{"labels.tsv lists no documents"},
		},
		{
			name: "empty manifest",
			fsys: corpusFS("", nil),
			want: []string{"labels.tsv lists no documents"},
		},
		{
			name: "topic no document carries",
			fsys: corpusFS("a.txt\thacktivism\n"+lineB+lineC, nil),
			want: []string{`no document carries topic "leak"`},
		},
		{
			name: "topic every document carries",
			fsys: corpusFS(lineA+"sub/b.txt\tstate_actor,election_interference,hacktivism\nc.txt\thacktivism\n", nil),
			want: []string{`every document carries topic "hacktivism"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.fsys)
			if !errors.Is(err, ErrBadCorpus) {
				t.Fatalf("Load = %v, %v; want an error wrapping ErrBadCorpus", c, err)
			}
			if c != nil {
				t.Errorf("Load = %v, %v; want no corpus with the error", c, err)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Load error = %q, want it to contain %q", err, want)
				}
			}
		})
	}
}

// TestLoadAllProblems checks one error reports every problem of the
// manifest, each with its line, and not just the first.
func TestLoadAllProblems(t *testing.T) {
	manifest := "a.txt\thacktivism,leak\n" + // 1: fine
		"no tab here\n" + // 2
		"sub/b.txt\tstate_actor,spying\n" + // 3
		"# comment\n" + // 4
		"a.txt\tleak\n" + // 5
		"../up.txt\tleak\n" + // 6
		"gone.txt\t-\n" + // 7
		"c.txt\tleak,leak\n" // 8
	_, err := Load(corpusFS(manifest, nil))
	if !errors.Is(err, ErrBadCorpus) {
		t.Fatalf("Load error = %v, want an error wrapping ErrBadCorpus", err)
	}
	for _, want := range []string{
		`labels.tsv:2: want "PATH<TAB>TOPICS"`,
		`labels.tsv:3: document "sub/b.txt": unknown topic "spying"`,
		`labels.tsv:5: duplicate document "a.txt" (first on line 1)`,
		`labels.tsv:6: path "../up.txt"`,
		`labels.tsv:7: document "gone.txt"`,
		`labels.tsv:8: document "c.txt": topic "leak" listed twice`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Load error = %q, want it to contain %q", err, want)
		}
	}
	for _, line := range []string{"labels.tsv:1:", "labels.tsv:4:"} {
		if strings.Contains(err.Error(), line) {
			t.Errorf("Load error = %q, want nothing about %s", err, line)
		}
	}
}

// TestLoadAllBalanceProblems checks every unbalanced topic is reported.
func TestLoadAllBalanceProblems(t *testing.T) {
	_, err := Load(corpusFS("a.txt\thacktivism\n", map[string][]byte{"sub/b.txt": nil, "c.txt": nil}))
	if !errors.Is(err, ErrBadCorpus) {
		t.Fatalf("Load error = %v, want an error wrapping ErrBadCorpus", err)
	}
	for _, want := range []string{
		`every document carries topic "hacktivism"`,
		`no document carries topic "election_interference"`,
		`no document carries topic "leak"`,
		`no document carries topic "state_actor"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Load error = %q, want it to contain %q", err, want)
		}
	}
}

// TestLoadSeeds checks the embedded seed corpus loads with the labels
// of seeds/labels.tsv.
func TestLoadSeeds(t *testing.T) {
	c, err := Load(seeds.FS())
	if err != nil {
		t.Fatalf("Load(seeds.FS()): %v", err)
	}
	want := []Document{
		{ID: "000_67aa9bae7e2fbaa3.txt", Topics: []string{model.Hacktivism}},
		{ID: "001_51d9fad750923021.txt", Topics: []string{model.Hacktivism, model.Leak}},
		{ID: "002_561c1b58466feafd.txt", Topics: []string{model.ElectionInterference, model.Leak, model.StateActor}},
		{ID: "003_7553bdae56120b55.txt", Topics: []string{model.ElectionInterference, model.Hacktivism, model.Leak}},
		{ID: "004_8b3077dc281547d1.txt", Topics: []string{model.ElectionInterference, model.Leak}},
	}
	for i := range want {
		data, err := fs.ReadFile(seeds.FS(), want[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		want[i].Text = string(data)
	}
	if diff := cmp.Diff(want, c.Documents); diff != "" {
		t.Errorf("Load(seeds.FS()) mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadEval checks that a corpus to evaluate on needs no balance of
// topics, and is otherwise checked as a training corpus.
func TestLoadEval(t *testing.T) {
	one := corpusFS("c.txt\t-\n", nil)
	if _, err := Load(one); !errors.Is(err, ErrBadCorpus) {
		t.Errorf("Load(one document, no topic) = %v, want ErrBadCorpus", err)
	}
	c, err := LoadEval(one)
	if err != nil || len(c.Documents) != 1 || c.Documents[0].ID != "c.txt" {
		t.Errorf("LoadEval(one document, no topic) = %v, %v; want the document", c, err)
	}
	if _, err := LoadEval(corpusFS("c.txt\tnot_a_topic\n", nil)); !errors.Is(err, ErrBadCorpus) {
		t.Errorf("LoadEval(unknown topic) = %v, want ErrBadCorpus", err)
	}
}
