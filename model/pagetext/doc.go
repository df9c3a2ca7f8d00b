// Package pagetext turns what news crawlers deliver into the article text
// that topicd classifies. Crawlers send either a page's raw HTML or plain
// text in which the article sits among page furniture: menu lines,
// breadcrumbs, share buttons, "Read more" / "Lire aussi" / "Xem thêm" links,
// related headlines, newsletter boxes, cookie banners and copyright footers,
// in English, French or Vietnamese. In a bag-of-words model that furniture
// outweighs a short article, so it goes before features are counted.
//
// StripFurniture is a line-level boilerplate filter for plain text in the
// spirit of jusText: each line is classified alone by the rules in rules.go
// (with the cue phrases of cues.go), then lines too short to judge alone are
// decided by their neighbours (strip.go). Raw HTML pages are handled by the
// sub-package htmltext, whose FromHTML extracts the main article and then
// passes it through StripFurniture.
//
// Everything here is pure Go and deterministic: the same input always gives
// the same output, and no function reads the network, the clock or the
// environment.
package pagetext
