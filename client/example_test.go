package client_test

import (
	"context"
	"fmt"
	"log"

	"github.com/seed134e4861/topicd/client"
)

func Example() {
	// In production: client.New("topicd.internal:50051", client.WithTransportCredentials(creds)).
	// Here the client talks to the real service, in memory, with a model trained on the seed articles.
	c, _, stop, err := serveInMemory(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()

	r, err := c.Classify(context.Background(),
		"Anonymous a publié 269 Go de documents de police, diffusés par DDoSecrets : une fuite massive.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("topics:", r.Topics)
	fmt.Println("scores:", len(r.Scores))
	// Output:
	// topics: [leak hacktivism]
	// scores: 4
}

func ExampleWithExplain() {
	c, _, stop, err := serveInMemory(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()

	r, err := c.Classify(context.Background(),
		"Anonymous a publié 269 Go de documents de police, diffusés par DDoSecrets : une fuite massive.",
		client.WithExplain())
	if err != nil {
		log.Fatal(err)
	}
	// The words that pushed the most probable topic up most, strongest first.
	top := r.Scores[0]
	var words []string
	for _, e := range top.Evidence {
		if e.Weight > 0 && len(words) < 3 {
			words = append(words, e.Token)
		}
	}
	fmt.Println(top.Topic, "because of", words)
	// Output:
	// leak because of [documents massive ddosecrets]
}

func ExampleResult_abstained() {
	c, _, stop, err := serveInMemory(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()

	// Words the model never learned: it abstains, whatever the threshold.
	r, err := c.Classify(context.Background(), "zzzz qqqq xylophone", client.WithThreshold(0.01))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("abstained:", r.Abstained)
	fmt.Println("known features:", r.KnownTokens)
	fmt.Println("topics:", r.Topics)
	fmt.Println("scores:", len(r.Scores))
	// Output:
	// abstained: true
	// known features: 0
	// topics: []
	// scores: 4
}

// A web page's raw HTML is tagged by its article; text in a language the
// model was not trained on abstains, and says which.
func ExampleClient_ClassifyHTML() {
	c, _, stop, err := serveInMemory(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()

	r, err := c.ClassifyHTML(context.Background(), `<html><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><p>Anonymous a publié 269 Go de documents de police, diffusés par DDoSecrets : une fuite massive.</p></article>
<footer>© 2024 Le Journal. Tous droits réservés.</footer></body></html>`)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("language:", r.Language)
	fmt.Println("topics:", r.Topics)

	r, err = c.Classify(context.Background(), "Die Angreifer haben die Daten der Partei im Internet veröffentlicht.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("language:", r.Language)
	fmt.Println("abstained:", r.AbstainReason)
	// Output:
	// language: fr
	// topics: [leak hacktivism]
	// language: de
	// abstained: unsupported_language
}
