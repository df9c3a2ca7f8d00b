package naivebayes

import (
	"testing"

	"github.com/seed134e4861/topicd/model"
)

// TestWeightRowFitsTopics checks a weightRow has a column for each topic
// topicd knows: classify adds up exactly four.
func TestWeightRowFitsTopics(t *testing.T) {
	if got, want := len(weightRow{}), len(model.Topics()); got != want {
		t.Errorf("len(weightRow{}) = %d, want %d, the number of topics", got, want)
	}
}
