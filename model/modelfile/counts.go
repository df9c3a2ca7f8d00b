package modelfile

import (
	"fmt"
	"slices"

	"github.com/seed134e4861/topicd/model/naivebayes"
	modelfilev1 "github.com/seed134e4861/topicd/proto/topicd/modelfile/v1"
)

// maxCount is the largest count a file may hold: the largest whole number
// that naivebayes.ClassCounts, which keeps counts as float64, holds exactly.
const maxCount = 1 << 53

// messageOf returns the payload message of counts: the vocabulary, sorted,
// and for each topic its two classes' counts in the vocabulary's order.
func messageOf(c *naivebayes.Counts) *modelfilev1.Counts {
	vocab := c.Vocabulary()
	msg := &modelfilev1.Counts{
		Tokenizer: c.Tokenizer,
		Alpha:     c.Alpha,
		Documents: int64(c.Documents),
		Features:  vocab,
		Topics:    make([]*modelfilev1.TopicCounts, len(c.Topics)),
	}
	for i, t := range c.Topics {
		msg.Topics[i] = &modelfilev1.TopicCounts{
			Topic:     t,
			Documents: int64(c.TopicDocuments[i]),
			Yes:       denseCounts(vocab, c.Classes[i].Yes.Features),
			No:        denseCounts(vocab, c.Classes[i].No.Features),
		}
		if len(c.Calibration) > 0 {
			cal := c.Calibration[i]
			msg.Topics[i].Calibration = &modelfilev1.Calibration{
				Intercept: cal.Intercept, Slope: cal.Slope, LengthExponent: cal.LengthExponent,
			}
		}
	}
	return msg
}

// denseCounts returns the count of each feature of vocab in counts, 0 for
// those it lacks.
func denseCounts(vocab []string, counts map[string]float64) []uint64 {
	out := make([]uint64, len(vocab))
	for i, w := range vocab {
		out[i] = uint64(counts[w])
	}
	return out
}

// countsOf returns the counts of a payload message. It checks what the
// message's form adds to naivebayes.Counts (a vocabulary sorted and
// distinct, each class's list as long as it, each feature counted, counts a
// float64 holds exactly), and leaves the rest to naivebayes.New. Its errors
// name features and topics by their index, not their content.
func countsOf(msg *modelfilev1.Counts) (naivebayes.Counts, error) {
	vocab := msg.GetFeatures()
	for i := 1; i < len(vocab); i++ {
		if vocab[i-1] >= vocab[i] {
			return naivebayes.Counts{}, fmt.Errorf("feature %d is not after feature %d: features must be sorted and distinct", i, i-1)
		}
	}
	c := naivebayes.Counts{
		Tokenizer:      msg.GetTokenizer(),
		Alpha:          msg.GetAlpha(),
		Documents:      int(msg.GetDocuments()),
		Topics:         make([]string, len(msg.GetTopics())),
		TopicDocuments: make([]int, len(msg.GetTopics())),
		Classes:        make([]naivebayes.TopicCounts, len(msg.GetTopics())),
	}
	counted := make([]bool, len(vocab))
	for i, tc := range msg.GetTopics() {
		c.Topics[i] = tc.GetTopic()
		c.TopicDocuments[i] = int(tc.GetDocuments())
		var err error
		if c.Classes[i].Yes, err = classCounts(vocab, tc.GetYes(), counted); err != nil {
			return naivebayes.Counts{}, fmt.Errorf("topic %d: yes: %w", i, err)
		}
		if c.Classes[i].No, err = classCounts(vocab, tc.GetNo(), counted); err != nil {
			return naivebayes.Counts{}, fmt.Errorf("topic %d: no: %w", i, err)
		}
	}
	if i := slices.Index(counted, false); i >= 0 {
		return naivebayes.Counts{}, fmt.Errorf("feature %d is counted by no class", i)
	}
	cal, err := calibrationOf(msg.GetTopics())
	if err != nil {
		return naivebayes.Counts{}, err
	}
	c.Calibration = cal
	return c, nil
}

// calibrationOf returns the topics' calibrations: none when no topic has
// one, an error when only some have. naivebayes.New checks the values.
func calibrationOf(topics []*modelfilev1.TopicCounts) ([]naivebayes.TopicCalibration, error) {
	var out []naivebayes.TopicCalibration
	for i, tc := range topics {
		cal := tc.GetCalibration()
		if (cal == nil) != (topics[0].GetCalibration() == nil) {
			return nil, fmt.Errorf("topic %d: every topic needs a calibration, or none", i)
		}
		if cal == nil {
			continue
		}
		out = append(out, naivebayes.TopicCalibration{
			Intercept: cal.GetIntercept(), Slope: cal.GetSlope(), LengthExponent: cal.GetLengthExponent(),
		})
	}
	return out, nil
}

// classCounts returns the counts of one class from its dense list, and
// marks in counted the features it counts.
func classCounts(vocab []string, dense []uint64, counted []bool) (naivebayes.ClassCounts, error) {
	if len(dense) != len(vocab) {
		return naivebayes.ClassCounts{}, fmt.Errorf("%d counts for %d features", len(dense), len(vocab))
	}
	d := naivebayes.ClassCounts{Features: map[string]float64{}}
	var total uint64
	for i, n := range dense {
		if n == 0 {
			continue
		}
		if n > maxCount || total+n > maxCount {
			return naivebayes.ClassCounts{}, fmt.Errorf("count of feature %d makes the class total over 2^53", i)
		}
		total += n
		d.Features[vocab[i]] = float64(n)
		counted[i] = true
	}
	d.Total = int(total)
	return d, nil
}
