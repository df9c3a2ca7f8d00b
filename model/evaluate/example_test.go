package evaluate_test

import (
	"fmt"
	"log"

	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/evaluate"
	"github.com/seed134e4861/topicd/model/naivebayes"
	"github.com/seed134e4861/topicd/seeds"
)

// Leave-one-out predicts each document with a model trained on the others;
// Evaluate scores predictions against the labels.
func ExampleLeaveOneOut() {
	c, err := corpus.Load(seeds.FS())
	if err != nil {
		log.Fatal(err)
	}
	predicted, err := evaluate.LeaveOneOut(c, naivebayes.DefaultThreshold)
	if err != nil {
		log.Fatal(err)
	}
	e := evaluate.Evaluate(c.Documents, predicted)
	micro := e.Micro()
	fmt.Printf("%d documents, micro-F1 %.3f (TP %d, FP %d, FN %d)\n", e.Items, micro.F1(), micro.TP, micro.FP, micro.FN)
	// Output:
	// 5 documents, micro-F1 0.375 (TP 3, FP 2, FN 8)
}
