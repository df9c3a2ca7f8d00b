package naivebayes_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/seeds"
)

// A page's raw HTML is read as its article: the menu, the share buttons and
// the footer are left out. A page with no visible text is an error.
func ExampleModel_ClassifyHTML() {
	m, err := naivebayes.TrainFS(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	page := `<html><body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Des pirates publient les courriels d'une campagne</h1>
<p>Des pirates iraniens ont volé des documents internes de la campagne du candidat et les ont envoyés à la presse
avant l'élection, selon les enquêteurs.</p></article>
<footer>Partager : Facebook | X | E-mail. © 2024 Le Journal. Tous droits réservés.</footer></body></html>`
	r, err := m.ClassifyHTML(page, naivebayes.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Language, r.Abstained, r.KnownFeatures > naivebayes.MinKnownFeatures)
	_, err = m.ClassifyHTML("<html><body></body></html>", naivebayes.Options{})
	fmt.Println(errors.Is(err, naivebayes.ErrNoPageText))
	// Output:
	// fr false true
	// true
}

// Text in a language the model was not trained on gets no topic, and says
// which language it is.
func ExampleModel_Languages() {
	m, err := naivebayes.TrainFS(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Languages())
	r, err := m.Classify("Un grupo de piratas ha publicado los correos de la campaña del candidato antes de las elecciones.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Language, r.Abstained, r.AbstainReason, r.Topics)
	// Output:
	// [en fr vi]
	// es true unsupported language []
}
