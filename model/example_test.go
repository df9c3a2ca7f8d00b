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
	r, err := m.Classify("Des pirates iraniens ont volé des documents internes de la campagne.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Info().Documents, "documents")
	fmt.Println(r.Topics)
	// Output:
	// 5 documents
	// [leak state_actor election_interference]
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
