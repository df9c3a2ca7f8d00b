package servingtest

// OnTopicPage is a news page's raw HTML whose article (OnTopicPageArticle)
// the seed model assigns topics to, among a menu, a cookie banner, share
// buttons, related links and a footer.
const OnTopicPage = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Une campagne piratée par l'Iran | Le Quotidien</title>
<script>window.consent = {cookies: "accepter"};</script></head>
<body>
<header><nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/economie">Économie</a> <a href="/sport">Sport</a></nav></header>
<div class="cookies">Nous utilisons des cookies pour améliorer votre expérience. <button>Tout accepter</button></div>
<main><article>
<h1>Une campagne piratée par l'Iran</h1>
<p>` + OnTopicPageArticle + `</p>
</article></main>
<aside><h2>Lire aussi</h2><ul><li><a href="/a">La Bourse termine en hausse</a></li><li><a href="/b">Le club local remporte la coupe</a></li></ul></aside>
<footer>Partager : Facebook | X | LinkedIn | E-mail. © 2024 Le Quotidien. Tous droits réservés.</footer>
</body></html>`

// OnTopicPageArticle is the article of OnTopicPage, as plain text.
const OnTopicPageArticle = "Le candidat Donald Trump a affirmé que sa campagne électorale avait été victime " +
	"d’un piratage orchestré par le gouvernement iranien, selon Microsoft. Des pirates ont volé des documents " +
	"internes de la campagne et les ont envoyés à la presse avant l'élection, selon les enquêteurs."

// News paragraphs in languages the model was not trained on: it abstains
// on them, naming the language.
const (
	GermanText = "Die Hackergruppe hat nach Angaben der Bundesregierung die Server des Parlaments angegriffen. " +
		"Die Angreifer sollen E-Mails von mehreren Abgeordneten gestohlen und im Internet veröffentlicht haben. " +
		"Das Bundesamt für Sicherheit in der Informationstechnik prüft, ob ein staatlicher Akteur hinter dem Angriff steht."
	SpanishText = "Un grupo de piratas informáticos ha publicado en internet los correos de varios ministros del Gobierno. " +
		"Según la policía, los atacantes entraron en los servidores del ministerio durante la campaña electoral y robaron miles de documentos. " +
		"La fiscalía investiga si detrás del ataque hay un Estado extranjero."
)
