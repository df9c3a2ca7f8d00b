// Package seeds embeds topicd's default training corpus: the five seed
// articles and their label manifest (labels.tsv), in the corpus format that
// model.LoadCorpus reads.
package seeds

import (
	"embed"
	"io/fs"
)

//go:embed *.txt labels.tsv
var files embed.FS

// FS returns the seed corpus as a read-only file system rooted at the corpus
// directory.
func FS() fs.FS { return files }
