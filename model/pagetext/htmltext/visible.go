package htmltext

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped are the elements whose text is not part of the article: code,
// invisible parts, and the page's navigation, header, footer, asides and
// forms.
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Iframe: true, atom.Svg: true, atom.Canvas: true,
	atom.Object: true, atom.Nav: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Form: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Dialog: true, atom.Menu: true,
}

// skippedRoles are the ARIA roles of the same parts.
var skippedRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"dialog": true, "alertdialog": true, "menu": true, "menubar": true, "search": true,
}

// paragraphBreaks are the elements that start a paragraph; other block
// elements start a line.
var paragraphBreaks = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Ul: true, atom.Ol: true,
	atom.Table: true, atom.Pre: true, atom.Hr: true, atom.Article: true, atom.Section: true,
}

var lineBreaks = map[atom.Atom]bool{
	atom.Br: true, atom.Div: true, atom.Li: true, atom.Tr: true, atom.Dt: true,
	atom.Dd: true, atom.Figure: true, atom.Figcaption: true, atom.Main: true,
	atom.Address: true, atom.Details: true, atom.Summary: true, atom.Caption: true,
}

// visibleText returns the text of doc's body that a reader sees, without
// the skipped elements, one line per block and a blank line between
// paragraphs (see paragraphs). It is one walk of the tree.
func visibleText(doc *html.Node) string {
	var b strings.Builder
	writeVisible(&b, doc)
	return paragraphs(b.String())
}

func writeVisible(b *strings.Builder, n *html.Node) {
	switch {
	case n.Type == html.TextNode:
		b.WriteString(n.Data)
		return
	case n.Type == html.ElementNode && hidden(n):
		return
	}
	brk := ""
	switch {
	case n.Type != html.ElementNode:
	case paragraphBreaks[n.DataAtom]:
		brk = "\n\n"
	case lineBreaks[n.DataAtom]:
		brk = "\n"
	}
	b.WriteString(brk)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeVisible(b, c)
	}
	if n.DataAtom != atom.Br {
		b.WriteString(brk)
	}
}

// hidden reports whether the element n is skipped with its content.
func hidden(n *html.Node) bool {
	if skipped[n.DataAtom] {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "role":
			if skippedRoles[strings.ToLower(a.Val)] {
				return true
			}
		case "style":
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// paragraphs normalises extracted text: spaces (no-break ones included)
// collapsed within each line, empty lines dropped, and one blank line where
// there were blank lines between two lines of text.
func paragraphs(s string) string {
	var b strings.Builder
	gap := false
	for _, ln := range strings.Split(s, "\n") {
		f := strings.Fields(ln)
		if len(f) == 0 {
			gap = true
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if gap {
				b.WriteString("\n")
			}
		}
		gap = false
		for i, w := range f {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	return b.String()
}
