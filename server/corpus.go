package main

import (
	"flag"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/seeds"
)

// corpusDirs is the value of the repeatable --corpus flag: the corpus
// directories to train on, merged. The first --corpus replaces the list
// taken from the environment; an empty value clears the list so far.
type corpusDirs []string

// parseCorpusDirs splits an environment value, a list of directories joined
// by the OS's list separator (":" on Unix), as PATH is.
func parseCorpusDirs(v string) corpusDirs {
	var dirs corpusDirs
	for _, d := range filepath.SplitList(v) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

func (c *corpusDirs) String() string { return strings.Join(*c, string(filepath.ListSeparator)) }

// addCorpusFlag defines the repeatable --corpus flag on fs, with usage: dirs
// starts as the list in TOPICD_CORPUS, which the first --corpus replaces.
func addCorpusFlag(fs *flag.FlagSet, dirs *corpusDirs, getenv func(string) string, usage string) {
	*dirs = parseCorpusDirs(getenv("TOPICD_CORPUS"))
	fs.Var(corpusFlag(dirs), "corpus", usage+"; repeat to merge several; the environment variable lists directories separated by \":\" [TOPICD_CORPUS]")
}

// corpusFlag returns a flag.Value over c whose first Set replaces c.
func corpusFlag(c *corpusDirs) *corpusValue { return &corpusValue{dirs: c} }

type corpusValue struct {
	dirs *corpusDirs
	set  bool
}

func (v *corpusValue) String() string {
	if v.dirs == nil {
		return ""
	}
	return v.dirs.String()
}

func (v *corpusValue) Set(s string) error {
	if !v.set || s == "" {
		*v.dirs, v.set = nil, true
	}
	if s != "" {
		*v.dirs = append(*v.dirs, s)
	}
	return nil
}

// loadCorpus loads and merges the corpus directories, or returns the default
// corpus when there are none. Each document's ID is prefixed by its
// directory, so two directories may hold files of the same name.
func loadCorpus(dirs []string) (*corpus.Corpus, error) {
	if len(dirs) == 0 {
		return defaultCorpus()
	}
	var parts []*corpus.Corpus
	for _, dir := range dirs {
		fsys, closer, err := corpus.OpenDir(dir)
		if err != nil {
			return nil, fmt.Errorf("corpus %s: %w", dir, err)
		}
		c, err := corpus.Load(fsys)
		closer.Close()
		if err != nil {
			return nil, fmt.Errorf("corpus %s: %w", dir, err)
		}
		parts = append(parts, c.WithPrefix(path.Clean(filepath.ToSlash(dir))))
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return corpus.Merge(parts...)
}

// defaultCorpus is the embedded training corpus: the five seed articles and
// the team's training supplement.
func defaultCorpus() (*corpus.Corpus, error) {
	core, err := seedsCorpus()
	if err != nil {
		return nil, err
	}
	sup, err := corpus.Load(seeds.Supplement())
	if err != nil {
		return nil, fmt.Errorf("embedded supplement: %w", err)
	}
	return corpus.Merge(core, sup.WithPrefix("seeds/supplement"))
}

// seedsCorpus is the embedded core: the five seed articles alone.
func seedsCorpus() (*corpus.Corpus, error) {
	core, err := corpus.Load(seeds.FS())
	if err != nil {
		return nil, fmt.Errorf("embedded seeds: %w", err)
	}
	return core.WithPrefix("seeds"), nil
}

// devCorpus loads the development set from dir, or the embedded one.
func devCorpus(dir string) (*corpus.Corpus, error) {
	if dir == "" {
		c, err := corpus.LoadEval(seeds.Dev())
		if err != nil {
			return nil, fmt.Errorf("embedded development set: %w", err)
		}
		return c.WithPrefix("seeds/dev"), nil
	}
	fsys, closer, err := corpus.OpenDir(dir)
	if err != nil {
		return nil, fmt.Errorf("development set %s: %w", dir, err)
	}
	defer closer.Close()
	c, err := corpus.LoadEval(fsys)
	if err != nil {
		return nil, fmt.Errorf("development set %s: %w", dir, err)
	}
	return c.WithPrefix(path.Clean(filepath.ToSlash(dir))), nil
}
