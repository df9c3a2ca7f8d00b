package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/seed134e4861/topicd/model/modelfile"
)

// runTrain trains a model on a corpus and writes it to a file for --model.
func runTrain(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: server train [--corpus DIR]... --out FILE\n\nTrains a model on a corpus (by default the embedded seeds and supplement) and writes it atomically to FILE.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var corpus corpusDirs
	addCorpusFlag(fs, &corpus, getenv, "train on the corpus in `dir` (labels.tsv and text files) instead of the embedded seeds and supplement")
	out := fs.String("out", "", "write the model to `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("train: unexpected argument %q (see train -h)", fs.Arg(0))
	}
	if *out == "" {
		return errors.New("train: --out FILE is required")
	}
	m, err := loadModel(corpus, "")
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if err := modelfile.WriteFile(*out, m); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	info := m.Info()
	fmt.Fprintf(stdout, "wrote %s: version %s, %d documents, %d features\n", *out, info.Version, info.Documents, info.VocabularySize)
	return nil
}
