package naivebayes_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/seeds"
)

func ExampleTrainFS() {
	m, err := naivebayes.TrainFS(seeds.FS())
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

// A text of no word the model knows gets no topic, and the priors as scores.
func ExampleModel_Classify() {
	m, err := naivebayes.TrainFS(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	r, err := m.Classify("Lorem ipsum")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Topics, r.Features, r.KnownFeatures)
	for _, s := range r.Scores {
		fmt.Printf("%-21s %.2f\n", s.Topic, s.Probability)
	}
	_, err = m.Classify(" \n ")
	fmt.Println(errors.Is(err, naivebayes.ErrEmptyText))
	// Output:
	// [] 2 0
	// leak                  0.80
	// election_interference 0.60
	// hacktivism            0.60
	// state_actor           0.20
	// true
}

// With Explain, each score lists the features that pushed it up and down
// most; a per-call threshold overrides the default.
func ExampleModel_ClassifyWith() {
	m, err := naivebayes.TrainFS(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	r, err := m.ClassifyWith("Anonymous a publié les courriels de la campagne du candidat, piratés avant le vote.",
		naivebayes.Options{Explain: true, Threshold: 0.99})
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
	// [leak election_interference] 0.99 false
	// leak 0.999
	//   campagne   +2.92 x1
	//   candidat   +1.70 x1
	//   courriels  +1.06 x1
	//   publie     +0.45 x1
	//   anonymous  -0.34 x1
	//   pirates    -0.36 x1
}
