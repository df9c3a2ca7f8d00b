package pagetext_test

import (
	"fmt"
	"log"

	"github.com/seed134e4861/topicd/model/pagetext"
)

func ExampleStripFurniture() {
	page := `Accueil | International | Tech | Sport
Tech > Cybersécurité

Anonymous revendique une attaque contre les sites du ministère

Par la rédaction | Publié le 12/03/2024 à 10h15
Partager : Facebook | X | E-mail

Le collectif Anonymous a revendiqué dimanche une attaque par déni de service contre les sites du ministère, en soutien aux manifestants.

Lire aussi : Le prix du gazole au plus bas depuis six ans

Nous utilisons des cookies pour mesurer l'audience. Tout accepter | Paramétrer
© 2024 Le Quotidien – Mentions légales`
	fmt.Println(pagetext.StripFurniture(page))
	fmt.Println("--")
	// Headlines and paragraphs without furniture come back unchanged.
	fmt.Println(pagetext.StripFurniture("Xem thêm tin tặc tấn công bầu cử"))
	// Output:
	// Anonymous revendique une attaque contre les sites du ministère
	//
	// Le collectif Anonymous a revendiqué dimanche une attaque par déni de service contre les sites du ministère, en soutien aux manifestants.
	// --
	// Xem thêm tin tặc tấn công bầu cử
}

func ExampleFromHTML() {
	page := `<html><head><title>Anonymous claims attack on state TV site</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/tech">Tech</a></nav>
<div class="cookies">We use cookies to improve your experience. Accept all | Reject</div>
<h1>Anonymous claims attack on state TV site</h1>
<p>The hacktivist collective said on Sunday it had taken the broadcaster's website offline in protest at the war.</p>
<footer>© 2022 Wire Desk. All rights reserved.</footer>
</body></html>`
	text, err := pagetext.FromHTML(page)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text)
	// Output:
	// Anonymous claims attack on state TV site
	//
	// The hacktivist collective said on Sunday it had taken the broadcaster's website offline in protest at the war.
}
