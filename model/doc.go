// Package model names the topics topicd knows; its sub-packages are
// topicd's domain, pure Go (no gRPC, no generated code). Where to look:
//
//   - features: text to features (folding, words, stop words, language,
//     Vietnamese syllable pairs) and the Lexicon that maps features to a
//     model's rows;
//   - naivebayes: training (with github.com/jbrukh/bayesian), the counts,
//     the compiled model, Classify and its explanations;
//   - modelfile: the model file (envelope, checksum, payload) and its
//     atomic write;
//   - corpus: labelled corpora, their manifest and their checks;
//   - evaluate: precision, recall and F1 of a model's topics, and
//     leave-one-out.
//
// Dependencies flow one way: features ← naivebayes ← modelfile, with corpus
// beside features and evaluate on top of corpus and naivebayes.
package model
