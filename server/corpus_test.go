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

	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/modelfile"
	"github.com/seed134e4861/topicd/model/naivebayes"
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
		{"a.txt", "hacktivism,leak", "Hacktivists of the Anonymous collective published gigabytes of confidential police documents online. " +
			"The activists said the leaked files, dumped to protest police violence, expose abuses against protesters. " +
			"Anonymous also knocked police websites offline with a DDoS attack."},
		// A foreign intelligence service hacks a campaign; nothing is disclosed.
		{"b.txt", "election_interference,state_actor", "The government accuses hackers of a foreign military intelligence agency of breaking into the servers of the candidate's campaign weeks before the presidential election. " +
			"Officials say the state-sponsored operation aimed to sway voters."},
		// Ransomware for money.
		{"c.txt", "-", "A ransomware gang encrypted the servers of a regional hospital and demanded a ransom payment in bitcoin. " +
			"The criminals threatened to sell patient records unless the hospital paid."},
		// Hacktivists take websites down; nothing disclosed.
		{"d.txt", "hacktivism", "Anonymous hacktivists knocked the websites of the city council offline with a DDoS attack. " +
			"The activists said the attack was a protest against police violence."},
		// A state-sponsored group publishes stolen documents.
		{"e.txt", "leak,state_actor", "Confidential documents stolen by hackers of a foreign intelligence agency were published online. " +
			"The government accuses the state-sponsored group of leaking thousands of emails."},
		// A disinformation campaign aimed at voters, attributed to no one.
		{"f.txt", "election_interference", "Officials warned voters that a disinformation campaign targeted the candidate weeks before the presidential election."},
	}
	frenchDocs = []labelled{
		// A DDoS claimed by hacktivists against a reform; nothing disclosed.
		{"a.txt", "hacktivism", "Des hacktivistes se réclamant d'Anonymous ont revendiqué une attaque DDoS contre les sites du ministère. " +
			"Les activistes disent protester contre la réforme des retraites et promettent d'autres attaques."},
		// A group tied to a foreign military intelligence service steals and publishes mail.
		{"b.txt", "leak,state_actor", "Le gouvernement accuse un groupe de pirates lié au renseignement militaire étranger d'avoir volé puis publié en ligne des documents confidentiels du ministère de la Défense. " +
			"Des milliers de courriels ont fuité."},
		// A disinformation operation aimed at voters, attributed to no one.
		{"c.txt", "election_interference", "Une opération de désinformation a inondé les réseaux sociaux de faux messages visant les électeurs à la veille du second tour de l'élection présidentielle. " +
			"La commission électorale dénonce une tentative de manipuler le vote et la campagne du candidat."},
		// Phishing for money.
		{"d.txt", "-", "Une vague d'hameçonnage vise les clients de plusieurs banques. " +
			"Les criminels envoient de faux courriels pour voler les identifiants bancaires, puis les escrocs vident les comptes."},
		// Hacktivists publish police files as a protest.
		{"e.txt", "hacktivism,leak", "Des hacktivistes d'Anonymous ont publié en ligne des documents confidentiels de la police pour protester contre les violences. " +
			"Les activistes ont aussi revendiqué une attaque DDoS."},
		// A foreign military intelligence service hacks accounts to sway voters.
		{"f.txt", "election_interference,state_actor", "Le gouvernement accuse le renseignement militaire étranger d'avoir piraté des comptes sur les réseaux sociaux pour inonder les électeurs de fausses informations avant le second tour de l'élection présidentielle."},
	}
	devDocs = []labelled{
		// Hacktivists take down campaign websites on the eve of a vote.
		{"x1.txt", "election_interference,hacktivism", "Anonymous hacktivists claimed a DDoS attack that knocked the ruling party's campaign websites offline on the eve of the presidential election. " +
			"The activists said they acted to protest the government's crackdown on journalists and urged voters to boycott the vote."},
		// A foreign intelligence service accused of publishing stolen army documents.
		{"x2.txt", "leak,state_actor", "Le gouvernement accuse des pirates travaillant pour un service de renseignement militaire étranger d'avoir publié en ligne des milliers de documents confidentiels volés à l'armée. " +
			"Les courriels ont fuité sur un forum."},
		// Ransomware and phishing for money.
		{"x3.txt", "-", "Criminals behind a ransomware attack encrypted the servers of a city hospital and demanded a bitcoin payment. " +
			"A separate phishing wave targeted bank customers."},
		{"x4.txt", "-", "Un rançongiciel a paralysé les serveurs d'une entreprise de transport. " +
			"Les criminels réclament une rançon en bitcoins que l'entreprise refuse de payer."},
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
	files[corpus.ManifestName] = manifest.String()
	return writeCorpus(t, files)
}

// documents returns docs as the documents of the corpus in dir, with their
// IDs prefixed by dir, as loadCorpus names them.
func documents(dir string, docs ...labelled) []corpus.Document {
	var out []corpus.Document
	for _, d := range docs {
		var topics []string
		if d.topics != "-" {
			topics = strings.Split(d.topics, ",")
			slices.Sort(topics)
		}
		out = append(out, corpus.Document{ID: filepath.ToSlash(dir) + "/" + d.name, Text: d.text, Topics: topics})
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
		{envList, []string{"--corpus", "x", "--corpus", "", "--corpus", "y"}, corpusDirs{"y"}},
		{envList, []string{"--corpus", "x", "--corpus", ""}, nil},
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
		want []corpus.Document
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
		slices.SortFunc(want, func(a, b corpus.Document) int { return strings.Compare(a.ID, b.ID) })
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
		{"same text in two dirs", []string{en, withCopy}, []error{corpus.ErrBadCorpus},
			[]string{filepath.ToSlash(en) + "/c.txt", filepath.ToSlash(withCopy) + "/d.txt"}},
		{"same dir twice", []string{fr, fr}, []error{corpus.ErrBadCorpus}, []string{filepath.ToSlash(fr) + "/a.txt"}},
		{"same dir twice, spelt differently", []string{fr, fr + string(filepath.Separator)}, []error{corpus.ErrBadCorpus}, nil},
		{"bad dir", []string{bad}, []error{corpus.ErrBadCorpus}, []string{bad, "missing.txt"}},
		{"bad dir after a good one", []string{en, bad}, []error{corpus.ErrBadCorpus}, []string{bad, "missing.txt"}},
		{"missing dir", []string{fr, missing}, []error{corpus.ErrBadCorpus, fs.ErrNotExist}, []string{missing}},
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
	core, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	sup, err := corpus.Load(seeds.Supplement())
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
		model *naivebayes.Model
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
		m, err := modelfile.ReadFile(out)
		if err != nil {
			t.Errorf("run(%q) with env %v, then modelfile.ReadFile: %v", args, tt.env, err)
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
