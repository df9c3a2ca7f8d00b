package pagetext_test

import (
	"fmt"

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
