package pagetext

// Cue phrases of page furniture in English, French and Vietnamese, written
// as tokens(fold(s)) gives them: lowercase, no diacritics, words separated
// by one space ("Xem thêm" is "xem them", "s'abonner" is "s abonner").
// rules.go says where each list applies.

// phrases returns the phrases p with a space before and after, as they
// appear in a token string (see tokens).
func phrases(p ...string) []string {
	out := make([]string, len(p))
	for i, s := range p {
		out[i] = " " + s + " "
	}
	return out
}

// leadingCues start a furniture line: links to other articles, share and
// follow prompts, sign-in and legal links.
var leadingCues = phrases(
	// en
	"read more", "read also", "read next", "see also", "related stories", "related articles",
	"related content", "related coverage", "related news", "related topics", "more on this story",
	"more from", "more stories", "most read", "most popular", "most viewed", "top stories",
	"you may also like", "you might also like", "trending now", "more in", "recommended for you", "share on", "share this",
	"share via", "share article", "follow us", "subscribe to", "subscribe now", "sign up for",
	"sign up to", "back to top", "skip to", "leave a comment", "leave a reply", "comments are closed",
	"accept all", "reject all", "manage preferences", "cookie settings", "privacy policy",
	"terms of use", "terms and conditions", "terms of service", "contact us", "about us",
	"log in", "sign in", "listen to this article", "advertisement",
	// fr
	"lire aussi", "a lire aussi", "lire egalement", "a lire egalement", "lire la suite",
	"voir aussi", "a voir aussi", "a voir egalement", "sur le meme sujet", "dans la meme rubrique",
	"les plus lus", "les plus partages", "articles lies", "articles similaires", "nos articles",
	"partager sur", "partager cet article", "partager l article", "suivez nous", "abonnez vous",
	"je m abonne", "je m inscris", "inscrivez vous", "tout accepter", "tout refuser",
	"mentions legales", "politique de confidentialite", "conditions generales", "plan du site",
	"vous aimerez aussi", "sur le meme theme", "pour aller plus loin", "restez informe",
	"nous contacter", "retour en haut", "se connecter", "laisser un commentaire", "ecouter cet article", "temps de lecture", "en savoir plus",
	// vi
	"xem them", "doc them", "tin lien quan", "bai lien quan", "bai viet lien quan",
	"tin cung chuyen muc", "bai viet cung chuyen muc", "cung chuyen muc", "tin khac", "tin moi nhat",
	"doc nhieu", "xem nhieu", "co the ban quan tam", "ban co the quan tam", "doc tiep",
	"chia se bai", "chia se len", "chia se qua", "nhan tin", "nhan thong bao", "theo doi chung toi", "theo doi tren", "dang ky nhan", "dang ky ngay", "dang nhap",
	"quang cao", "lien he", "dieu khoan su dung", "chinh sach bao mat", "ve dau trang",
	"tro ve trang chu",
)

// labelCues are furniture when they are all of a line's text before its
// first ':' or '|' ("Tags: ransomware"), but ordinary words at the start of
// a sentence ("Share prices fell").
var labelCues = phrases(
	// en
	"share", "related", "comments", "tags", "topics", "trending", "newsletter", "advertisement",
	"sponsored", "menu", "subscribe", "home", "print", "email", "author",
	// fr
	"partager", "publicite", "commentaires", "mots cles", "accueil", "sommaire", "a la une",
	"imprimer", "sponsorise", "auteur", "a lire", "a voir", "lire",
	// vi
	"tac gia", "tu khoa", "binh luan", "trang chu", "in bai", "gui bai", "chia se", "dong y", "tu choi",
)

// bylineCues start an item of a byline or dateline ("Publié le ..."). "By"
// and "Par" are handled apart (see isByline).
var bylineCues = phrases(
	"written by", "reporting by", "published", "posted", "updated", "last updated",
	"publie", "publie le", "mis a jour", "modifie le", "redige par", "ecrit par", "dang boi", "viet boi", "par notre",
	"par nos", "par la redaction", "par le service", "par l equipe", "cap nhat", "dang luc", "dang ngay", "ngay dang",
)

// monthNames date a line (see isDateline).
var monthNames = phrases(
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december",
	"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
	"octobre", "novembre", "decembre",
	"thang",
)

// socialNames are the buttons of a share row (see isShareButtons).
var socialNames = []string{
	"facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "messenger", "zalo",
	"reddit", "pinterest", "flipboard", "bluesky", "threads", "email", "e-mail", "mail",
	"print", "imprimer", "copy", "copier", "link", "lien", "share", "partager", "tweet",
	"tweeter", "envoyer", "send",
}

// cookieWords and cookieVoice together make a cookie banner: the site
// speaking of its cookies ("We use cookies", "Ce site utilise des
// cookies"), not an article about them.
var cookieWords = phrases("cookie", "cookies", "traceurs")

var cookieVoice = phrases(
	// en
	"we use", "this site uses", "this website uses", "our site", "our website", "our partners",
	"help us", "our services", "by continuing", "you agree", "you consent", "accept all", "cookie settings", "cookie policy",
	"manage preferences", "your preferences",
	// fr
	"nous utilisons", "ce site utilise", "notre site", "nos partenaires", "en poursuivant",
	"en continuant", "vous acceptez", "tout accepter", "parametrer", "gerer mes choix",
	"politique de cookies", "vos preferences",
	// vi
	"chung toi su dung", "trang web nay su dung", "website nay su dung", "khi tiep tuc",
	"ban dong y", "chap nhan tat ca", "chinh sach cookie", "tiep tuc truy cap", "trang web dung",
	"website dung", "trang nay su dung",
)

// homeWords start a breadcrumb ("Trang chủ / An ninh mạng").
var homeWords = phrases("home", "accueil", "trang chu", "trang nhat")

// rightsReserved and footerPhrases mark copyright footers; footerPhrases
// only in lines shorter than longWords.
var rightsReserved = phrases(
	"all rights reserved", "tous droits reserves", "reproduction interdite", "ban quyen thuoc",
	"giu ban quyen",
)

var footerPhrases = phrases(
	"giay phep so", "chiu trach nhiem xuat ban", "tong bien tap", "ghi ro nguon",
)

// inboxPhrases, or a newsletter word with a sign-up word, make a
// newsletter box.
var inboxPhrases = phrases(
	"your inbox", "in your inbox", "votre boite mail", "votre boite de reception",
	"votre boite e mail", "hop thu cua ban",
)

var newsletterWords = phrases("newsletter", "newsletters", "ban tin", "lettre quotidienne", "lettre d information")

var signUpWords = phrases(
	"sign up", "subscribe", "receive", "get", "recevez", "recevoir", "inscris", "inscrire",
	"inscrivez", "abonner", "abonnez", "abonne", "dang ky", "nhan",
)

// followCues invite to follow or subscribe anywhere in a short line.
var followCues = phrases(
	"follow us", "sign up for", "suivez nous", "abonnez vous", "theo doi chung toi", "dang ky nhan",
	"dang ky ngay", "qua email",
)
