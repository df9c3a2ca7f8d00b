// Package model is topicd's domain: it tokenizes news text, trains one binary
// multinomial naive-Bayes classifier per topic on a labelled corpus, and
// classifies text with an immutable snapshot compiled from the training
// counts. It is pure Go: no gRPC, no generated code.
//
// Training counts are kept in github.com/jbrukh/bayesian (its Learn method),
// and that library's gob encoding is the payload of the model file (see
// Encode). Serving never calls the library: its v1.1.0 scores differ from
// textbook multinomial naive Bayes (see Snapshot), and its read lock and
// per-token logarithms cost more than a compiled table.
package model
