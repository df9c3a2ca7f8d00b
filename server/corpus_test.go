package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/seeds"
)

// A labelled document of a test corpus: its file name, its topics as a
// manifest lists them ("-" for none), and its text.
type labelled struct{ name, topics, text string }

// Small corpora for the tests, labelled by LABELING.md. Each one alone has
// an example and a counter-example of every topic, as a corpus must, and no
// text of one is the text of another or of the embedded corpora.
var (
	englishDocs = []labelled{
		// Anonymous publishes police files as a protest.
		{"a.txt", "hacktivism,leak", "Activists of the Anonymous collective published gigabytes of internal police files online, saying the dump exposes violence against protesters."},
		// A foreign intelligence service hacks a campaign; nothing is disclosed.
		{"b.txt", "election_interference,state_actor", "Officials said hackers working for a foreign military intelligence service broke into the candidate's campaign servers weeks before the presidential vote."},
		// Ransomware for money.
		{"c.txt", "-", "A ransomware gang encrypted the servers of a regional hospital and demanded a payment in bitcoin to restore patient records."},
	}
	frenchDocs = []labelled{
		// A DDoS claimed by hacktivists against a reform; nothing disclosed.
		{"a.txt", "hacktivism", "Des hacktivistes se réclamant d'Anonymous ont revendiqué une attaque DDoS contre les sites du ministère pour protester contre la réforme des retraites."},
		// A state-linked group steals and publishes mail.
		{"b.txt", "leak,state_actor", "Selon le gouvernement, un groupe lié au renseignement militaire étranger a volé puis publié des courriels confidentiels du ministère de la Défense."},
		// A disinformation operation aimed at voters, attributed to no one.
		{"c.txt", "election_interference", "Une opération de désinformation coordonnée a inondé les réseaux sociaux de faux messages visant les électeurs à la veille du second tour."},
		// Phishing for money.
		{"d.txt", "-", "Une campagne d'hameçonnage vise les clients de plusieurs banques afin de voler leurs identifiants et de vider leurs comptes."},
	}
	devDocs = []labelled{
		// Hacktivists take down campaign websites on the eve of a vote.
		{"x1.txt", "election_interference,hacktivism", "Anonymous hacktivists claimed a DDoS attack that took down the ruling party's campaign websites on the eve of the election, to protest the crackdown on journalists."},
		// A foreign intelligence service accused of disclosing stolen army documents.
		{"x2.txt", "leak,state_actor", "Le gouvernement accuse des pirates travaillant pour un service de renseignement étranger d'avoir diffusé des milliers de documents confidentiels volés à l'armée."},
		// Phishing and ransomware for money.
		{"x3.txt", "-", "Criminals sent phishing emails posing as a delivery company to steal the card numbers of online shoppers."},
		{"x4.txt", "-", "Un rançongiciel a paralysé les serveurs d'une entreprise de transport, qui refuse de payer la rançon demandée par les criminels."},
	}
)

// writeLabelled writes a corpus directory holding docs and their manifest,
// and returns its path.
func writeLabelled(t *testing.T, docs ...labelled) string {
	t.Helper()
	files := map[string]string{}
	var manifest strings.Builder
	for _, d := range docs {
		files[d.name] = d.text
		fmt.Fprintf(&manifest, "%s\t%s\n", d.name, d.topics)
	}
	files[model.ManifestName] = manifest.String()
	return writeCorpus(t, files)
}

// documents returns docs as the documents of the corpus in dir, with their
// IDs prefixed by dir, as loadCorpus names them.
func documents(dir string, docs ...labelled) []model.Document {
	var out []model.Document
	for _, d := range docs {
		var topics []string
		if d.topics != "-" {
			topics = strings.Split(d.topics, ",")
			slices.Sort(topics)
		}
		out = append(out, model.Document{ID: filepath.ToSlash(dir) + "/" + d.name, Text: d.text, Topics: topics})
	}
	return out
}

// list joins directories as TOPICD_CORPUS lists them.
func list(dirs ...string) string { return strings.Join(dirs, string(filepath.ListSeparator)) }

func TestParseCorpusDirs(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want corpusDirs
	}{
		{"", nil},
		{"a", corpusDirs{"a"}},
		{list("a", "b", "", "c"), corpusDirs{"a", "b", "c"}},
		{list("", "a", ""), corpusDirs{"a"}},
		{list("", ""), nil},
		{list("/srv/corpus", "relative/dir"), corpusDirs{"/srv/corpus", "relative/dir"}},
	} {
		if got := parseCorpusDirs(tt.in); !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("parseCorpusDirs(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

// TestCorpusFlag checks the repeatable --corpus flag over a list taken from
// the environment: the first --corpus replaces the list, an empty first one
// clears it, and String gives back the list in the environment's form.
func TestCorpusFlag(t *testing.T) {
	envList := list("e1", "e2")
	for _, tt := range []struct {
		env  string
		args []string
		want corpusDirs
	}{
		{envList, nil, corpusDirs{"e1", "e2"}},
		{envList, []string{"--corpus", "x"}, corpusDirs{"x"}},
		{envList, []string{"--corpus", "x", "--corpus", "y"}, corpusDirs{"x", "y"}},
		{envList, []string{"--corpus=x", "-corpus", "y", "--corpus", "x"}, corpusDirs{"x", "y", "x"}},
		{envList, []string{"--corpus", ""}, nil},
		{envList, []string{"--corpus="}, nil},
		{envList, []string{"--corpus", "", "--corpus", "x"}, corpusDirs{"x"}},
		{"", []string{"--corpus", "x", "--corpus", "y"}, corpusDirs{"x", "y"}},
		{"", nil, nil},
	} {
		dirs := parseCorpusDirs(tt.env)
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.Var(corpusFlag(&dirs), "corpus", "corpus `dir`")
		if err := fs.Parse(tt.args); err != nil {
			t.Errorf("Parse(%q) with env %q: %v", tt.args, tt.env, err)
			continue
		}
		if !slices.Equal(dirs, tt.want) {
			t.Errorf("Parse(%q) with env %q: corpus = %q, want %q", tt.args, tt.env, dirs, tt.want)
		}
		s := fs.Lookup("corpus").Value.String()
		if want := list(tt.want...); s != want {
			t.Errorf("Parse(%q) with env %q: String() = %q, want %q", tt.args, tt.env, s, want)
		}
		if back := parseCorpusDirs(s); !slices.Equal(back, dirs) {
			t.Errorf("parseCorpusDirs(%q), String() of %q, = %q, want it back", s, dirs, back)
		}
	}
	// The flag package calls String on a zero value to print the defaults.
	var zero corpusValue
	if s := zero.String(); s != "" {
		t.Errorf("zero corpusValue String() = %q, want \"\"", s)
	}
}

func TestLoadCorpus(t *testing.T) {
	en, fr := writeLabelled(t, englishDocs...), writeLabelled(t, frenchDocs...)
	for _, tt := range []struct {
		name string
		dirs []string
		want []model.Document
	}{
		// Both directories hold an a.txt, a b.txt and a c.txt: the prefixes
		// keep them apart.
		{"two dirs", []string{en, fr}, append(documents(en, englishDocs...), documents(fr, frenchDocs...)...)},
		{"two dirs, other order", []string{fr, en}, append(documents(en, englishDocs...), documents(fr, frenchDocs...)...)},
		{"one dir", []string{fr}, documents(fr, frenchDocs...)},
		{"one dir, trailing separator", []string{fr + string(filepath.Separator)}, documents(fr, frenchDocs...)},
	} {
		got, err := loadCorpus(tt.dirs)
		if err != nil {
			t.Errorf("loadCorpus(%q) (%s): %v", tt.dirs, tt.name, err)
			continue
		}
		want := slices.Clone(tt.want)
		slices.SortFunc(want, func(a, b model.Document) int { return strings.Compare(a.ID, b.ID) })
		if diff := cmp.Diff(want, got.Documents); diff != "" {
			t.Errorf("loadCorpus(%q) (%s) documents (-want +got):\n%s", tt.dirs, tt.name, diff)
		}
	}
}

func TestLoadCorpusRefuses(t *testing.T) {
	en, fr := writeLabelled(t, englishDocs...), writeLabelled(t, frenchDocs...)
	// A French corpus whose d.txt has the text of the English c.txt.
	copied := slices.Clone(frenchDocs)
	copied[3] = labelled{"d.txt", "-", englishDocs[2].text}
	withCopy := writeLabelled(t, copied...)
	bad := writeCorpus(t, map[string]string{
		"labels.tsv": "a.txt\thacktivism\nmissing.txt\tleak\n",
		"a.txt":      "Anonymous revendique une attaque DDoS",
	})
	missing := filepath.Join(t.TempDir(), "nowhere")
	for _, tt := range []struct {
		name     string
		dirs     []string
		wantIs   []error
		wantText []string // the error names each
	}{
		{"same text in two dirs", []string{en, withCopy}, []error{model.ErrBadCorpus},
			[]string{filepath.ToSlash(en) + "/c.txt", filepath.ToSlash(withCopy) + "/d.txt"}},
		{"same dir twice", []string{fr, fr}, []error{model.ErrBadCorpus}, []string{filepath.ToSlash(fr) + "/a.txt"}},
		{"same dir twice, spelt differently", []string{fr, fr + string(filepath.Separator)}, []error{model.ErrBadCorpus}, nil},
		{"bad dir", []string{bad}, []error{model.ErrBadCorpus}, []string{bad, "missing.txt"}},
		{"bad dir after a good one", []string{en, bad}, []error{model.ErrBadCorpus}, []string{bad, "missing.txt"}},
		{"missing dir", []string{fr, missing}, []error{model.ErrBadCorpus, fs.ErrNotExist}, []string{missing}},
	} {
		got, err := loadCorpus(tt.dirs)
		if err == nil {
			t.Errorf("loadCorpus(%q) = %d documents, want an error (%s)", tt.dirs, len(got.Documents), tt.name)
			continue
		}
		for _, target := range tt.wantIs {
			if !errors.Is(err, target) {
				t.Errorf("loadCorpus(%q) = %v, want an error wrapping %v (%s)", tt.dirs, err, target, tt.name)
			}
		}
		for _, s := range tt.wantText {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("loadCorpus(%q) = %v, want it to name %q (%s)", tt.dirs, err, s, tt.name)
			}
		}
	}
}

// TestLoadCorpusDefault checks that no directory means the embedded seeds
// and supplement, each ID prefixed by where it comes from.
func TestLoadCorpusDefault(t *testing.T) {
	core, err := model.LoadCorpus(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	sup, err := model.LoadCorpus(seeds.Supplement())
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range core.Documents {
		want = append(want, "seeds/"+d.ID)
	}
	for _, d := range sup.Documents {
		want = append(want, "seeds/supplement/"+d.ID)
	}
	slices.Sort(want)
	if len(core.Documents) != 5 || len(want) != 5+len(sup.Documents) {
		t.Fatalf("embedded corpora: %d seeds and %d supplement documents, want 5 seeds", len(core.Documents), len(sup.Documents))
	}
	for _, dirs := range [][]string{nil, {}} {
		got, err := loadCorpus(dirs)
		if err != nil {
			t.Fatalf("loadCorpus(%#v): %v", dirs, err)
		}
		var ids []string
		for _, d := range got.Documents {
			ids = append(ids, d.ID)
		}
		if diff := cmp.Diff(want, ids); diff != "" {
			t.Errorf("loadCorpus(%#v) document IDs (-want +got):\n%s", dirs, diff)
		}
	}
}

// TestTrainMergesCorpusDirs trains with two corpus directories, from flags and
// from the environment, and reads the model file back.
func TestTrainMergesCorpusDirs(t *testing.T) {
	en, fr := writeLabelled(t, englishDocs...), writeLabelled(t, frenchDocs...)
	merged, err := loadModel([]string{en, fr}, "")
	if err != nil {
		t.Fatalf("loadModel(%q): %v", []string{en, fr}, err)
	}
	frOnly, err := loadModel([]string{fr}, "")
	if err != nil {
		t.Fatalf("loadModel(%q): %v", []string{fr}, err)
	}
	out := filepath.Join(t.TempDir(), "topicd.model")
	for _, tt := range []struct {
		name  string
		args  []string
		env   map[string]string
		docs  int
		model *model.Model
	}{
		{"flags", []string{"--corpus", en, "--corpus", fr}, nil, len(englishDocs) + len(frenchDocs), merged},
		{"env", nil, map[string]string{"TOPICD_CORPUS": list(en, fr)}, len(englishDocs) + len(frenchDocs), merged},
		{"flag replaces env", []string{"--corpus", fr}, map[string]string{"TOPICD_CORPUS": list(en, fr)}, len(frenchDocs), frOnly},
	} {
		if err := os.Remove(out); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		args := append(append([]string{"train"}, tt.args...), "--out", out)
		if err := run(testContext(t), args, env(tt.env), io.Discard, io.Discard); err != nil {
			t.Errorf("run(%q) with env %v: %v", args, tt.env, err)
			continue
		}
		m, err := model.ReadFile(out)
		if err != nil {
			t.Errorf("run(%q) with env %v, then model.ReadFile: %v", args, tt.env, err)
			continue
		}
		if got := m.Info().Documents; got != tt.docs {
			t.Errorf("run(%q) with env %v wrote a model of %d documents, want %d", args, tt.env, got, tt.docs)
		}
		if m.Version() != tt.model.Version() {
			t.Errorf("run(%q) with env %v wrote version %s, want %s", args, tt.env, m.Version(), tt.model.Version())
		}
	}
}
