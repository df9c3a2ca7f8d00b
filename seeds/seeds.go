// Package seeds embeds topicd's corpora, in the corpus format that
// model.LoadCorpus reads (a labels.tsv manifest and the UTF-8 text files it
// names):
//
//   - FS, the core: the five seed articles.
//   - Supplement, the training supplement written by the team: news-style
//     documents in French, English and Vietnamese, in folders named by
//     language. The default model is trained on the core and the supplement.
//   - Dev, the held-out development set, written separately and never used
//     for training: it measures the model on news it has never seen, in the
//     forms users send (headlines, paragraphs, whole pages with their
//     furniture). DevHTML holds held-out raw HTML pages in the same corpus
//     format, and DevFurniture the page furniture (menus, share buttons,
//     cookie banners, footers) that the evaluation wraps dev items in.
package seeds

import (
	"embed"
	"io/fs"
)

//go:embed *.txt labels.tsv supplement dev
var files embed.FS

// FS returns the core seed corpus, the five seed articles, as a read-only
// file system rooted at the corpus directory.
func FS() fs.FS { return files }

// Supplement returns the training supplement.
func Supplement() fs.FS { return sub("supplement") }

// Dev returns the held-out development set.
func Dev() fs.FS { return sub("dev") }

// DevHTML returns the held-out HTML pages: a labels.tsv manifest and the
// .html files it names, labelled by the article each page carries. Its
// directory articles/ holds, in the same format, each page's article text
// (headline, lede and body, without the page's furniture) as a reader
// tells it: NAME.txt for NAME.html.
func DevHTML() fs.FS { return sub("dev/html") }

// DevFurniture returns the held-out page furniture, one file per language
// (en.txt, fr.txt, vi.txt), blocks separated by a line "---".
func DevFurniture() fs.FS { return sub("dev/furniture") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // dir is a constant, embedded above
	}
	return f
}
