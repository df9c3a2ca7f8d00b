package model_test

import (
	"errors"
	"fmt"
	"log"
	"testing/fstest"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/seeds"
)

func ExampleTokenize() {
	fmt.Println(model.Tokenize("L’attaque d'Anonymous contre l'ÉLECTION : APT28 a volé 269 Go !"))
	fmt.Println(model.Tokenize("Tin tặc tấn công bầu cử"))
	fmt.Println(model.Tokenize("Tin tac tan cong bau cu"))
	// Output:
	// [attaque anonymous election apt28 vole 269 go]
	// [tin tac tan cong bau cu]
	// [tin tac tan cong bau cu]
}

func ExampleTrainFS() {
	m, err := model.TrainFS(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	r, err := m.Classify("Des pirates iraniens ont volé des documents internes de la campagne du candidat et les ont envoyés à la presse.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Info().Documents, "documents")
	fmt.Println(r.Topics)
	// Output:
	// 5 documents
	// [leak election_interference state_actor]
}

func ExampleLoadCorpus() {
	fsys := fstest.MapFS{
		"labels.tsv": {Data: []byte("# path<TAB>topics\n" +
			"b.txt\tstate_actor,election_interference\n" +
			"a.txt\thacktivism,leak\n" +
			"c.txt\t-\n")},
		"a.txt": {Data: []byte("Anonymous a publié les fichiers de la police.")},
		"b.txt": {Data: []byte("Le GRU accusé d'ingérence dans l'élection.")},
		"c.txt": {Data: []byte("Une banque victime d'un rançongiciel.")},
	}
	c, err := model.LoadCorpus(fsys)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range c.Documents {
		fmt.Println(d.ID, d.Topics)
	}

	delete(fsys, "c.txt")
	_, err = model.LoadCorpus(fsys)
	fmt.Println(errors.Is(err, model.ErrBadCorpus))
	fmt.Println(err)
	// Output:
	// a.txt [hacktivism leak]
	// b.txt [election_interference state_actor]
	// c.txt []
	// true
	// bad corpus: labels.tsv:4: document "c.txt": open c.txt: file does not exist
}

// A text of no word the model knows gets no topic, and the priors as scores.
func ExampleModel_Classify() {
	m, err := model.TrainFS(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	r, err := m.Classify("Lorem ipsum")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Topics, r.Tokens, r.KnownTokens)
	for _, s := range r.Scores {
		fmt.Printf("%-21s %.2f\n", s.Topic, s.Probability)
	}
	_, err = m.Classify(" \n ")
	fmt.Println(errors.Is(err, model.ErrEmptyText))
	// Output:
	// [] 2 0
	// leak                  0.80
	// election_interference 0.60
	// hacktivism            0.60
	// state_actor           0.20
	// true
}

func ExampleDecode() {
	m, err := model.TrainFS(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	data := m.Encode()
	back, err := model.Decode(data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Version() == m.Version())

	data[len(data)/2] ^= 1
	_, err = model.Decode(data)
	fmt.Println(errors.Is(err, model.ErrBadModelFile))
	fmt.Println(err)
	// Output:
	// true
	// true
	// bad model file: checksum mismatch: the file is corrupt or truncated
}

// Features are what the classifier counts: the words of Tokenize, less the
// stop words of the text's own language, and in Vietnamese the pairs of
// adjacent syllables as well.
func ExampleFeatures() {
	fmt.Printf("%q\n", model.Features("Des hackers ont publié les données du parti."))
	fmt.Printf("%q\n", model.Features("Tin tặc công bố dữ liệu."))
	// Output:
	// ["hackers" "publie" "donnees" "parti"]
	// ["tin" "tac" "tin tac" "cong" "tac cong" "bo" "cong bo" "du" "bo du" "lieu" "du lieu"]
}

func ExampleDetectLanguage() {
	for _, text := range []string{
		"The hackers published the party's files.",
		"Les pirates ont publié les fichiers du parti.",
		"Tin tặc đã công bố các tệp của đảng.",
		"APT28 2016",
	} {
		fmt.Printf("%q\n", model.DetectLanguage(text))
	}
	// Output:
	// "en"
	// "fr"
	// "vi"
	// ""
}

// With Explain, each score lists the features that pushed it up and down
// most; a per-call threshold overrides the default.
func ExampleModel_ClassifyWith() {
	m, err := model.TrainFS(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	r, err := m.ClassifyWith("Anonymous a publié les courriels de la campagne du candidat, piratés avant le vote.",
		model.Options{Explain: true, Threshold: 0.99})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Topics, r.Threshold, r.Abstained)
	for _, s := range r.Scores[:1] {
		fmt.Printf("%s %.3f\n", s.Topic, s.Probability)
		for _, e := range s.Evidence {
			fmt.Printf("  %-10s %+.2f x%d\n", e.Feature, e.Weight, e.Count)
		}
	}
	// Output:
	// [election_interference leak state_actor] 0.99 false
	// election_interference 1.000
	//   campagne   +4.69 x1
	//   candidat   +3.44 x1
	//   courriels  +2.76 x1
	//   publie     +2.09 x1
	//   anonymous  -1.27 x1
	//   pirates    -2.02 x1
}

// Leave-one-out predicts each document with a model trained on the others;
// Evaluate scores predictions against the labels.
func ExampleLeaveOneOut() {
	c, err := model.LoadCorpus(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	predicted, err := model.LeaveOneOut(c, model.DefaultThreshold)
	if err != nil {
		log.Fatal(err)
	}
	e := model.Evaluate(c.Documents, predicted)
	micro := e.Micro()
	fmt.Printf("%d documents, micro-F1 %.3f (TP %d, FP %d, FN %d)\n", e.Items, micro.F1(), micro.TP, micro.FP, micro.FN)
	// Output:
	// 5 documents, micro-F1 0.471 (TP 4, FP 2, FN 7)
}
