package htmltext_test

import (
	"fmt"
	"log"

	"github.com/seed134e4861/topicd/model/pagetext/htmltext"
)

func ExampleFromHTML() {
	page := `<html><head><title>Anonymous claims attack on state TV site</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/tech">Tech</a></nav>
<div class="cookies">We use cookies to improve your experience. Accept all | Reject</div>
<h1>Anonymous claims attack on state TV site</h1>
<p>The hacktivist collective said on Sunday it had taken the broadcaster's website offline in protest at the war.</p>
<footer>© 2022 Wire Desk. All rights reserved.</footer>
</body></html>`
	text, err := htmltext.FromHTML(page)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text)
	// Output:
	// Anonymous claims attack on state TV site
	//
	// The hacktivist collective said on Sunday it had taken the broadcaster's website offline in protest at the war.
}
