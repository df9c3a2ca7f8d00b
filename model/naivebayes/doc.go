// Package naivebayes is topicd's classifier: one binary multinomial
// naive-Bayes classifier per topic, trained on a labelled corpus and
// compiled into an immutable table of weights that serves without locks or
// allocations.
//
// Training counts features (package features) with github.com/jbrukh/bayesian
// (its Learn method); what it learned is a Counts, which New checks and
// compiles into a Model. A model file (package modelfile) stores the Counts
// and goes through New too. Serving never calls the library: its v1.1.0
// scores differ from textbook multinomial naive Bayes (see
// TestLibraryLogScoresDiffers), and its read lock and per-feature
// logarithms cost more than a compiled table. The formulas are in the doc
// comment of snapshot (compile.go).
package naivebayes
