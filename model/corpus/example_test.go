package corpus_test

import (
	"errors"
	"fmt"
	"log"
	"testing/fstest"

	"github.com/seed134e4861/topicd/model/corpus"
)

func ExampleLoad() {
	fsys := fstest.MapFS{
		"labels.tsv": {Data: []byte("# path<TAB>topics\n" +
			"b.txt\tstate_actor,election_interference\n" +
			"a.txt\thacktivism,leak\n" +
			"c.txt\t-\n")},
		"a.txt": {Data: []byte("Anonymous a publié les fichiers de la police.")},
		"b.txt": {Data: []byte("Le GRU accusé d'ingérence dans l'élection.")},
		"c.txt": {Data: []byte("Une banque victime d'un rançongiciel.")},
	}
	c, err := corpus.Load(fsys)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range c.Documents {
		fmt.Println(d.ID, d.Topics)
	}

	delete(fsys, "c.txt")
	_, err = corpus.Load(fsys)
	fmt.Println(errors.Is(err, corpus.ErrBadCorpus))
	fmt.Println(err)
	// Output:
	// a.txt [hacktivism leak]
	// b.txt [election_interference state_actor]
	// c.txt []
	// true
	// bad corpus: labels.tsv:4: document "c.txt": open c.txt: file does not exist
}
