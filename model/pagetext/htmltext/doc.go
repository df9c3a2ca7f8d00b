// Package htmltext extracts the main article of a raw HTML page, as news
// crawlers deliver it, and then drops page furniture with
// pagetext.StripFurniture.
//
// FromHTML finds the article with codeberg.org/readeck/go-readability/v2 (a
// port of Mozilla's Readability.js), falls back to the page's visible body
// text when Readability finds no article (visible.go), and passes the
// result, title first, through pagetext.StripFurniture.
//
// Everything here is pure Go and deterministic: the same input always gives
// the same output, and no function reads the network, the clock or the
// environment.
package htmltext
