package service_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// This file tests what a request may send (a text or a page's HTML) and
// what the response says of it (its language, why the model abstained).

// TestClassifyHTML checks that a page's HTML gets the topics of its
// article, and the same answer as the model's ClassifyHTML.
func TestClassifyHTML(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	m := servingtest.MustSeedModel(t)
	page, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Html: servingtest.OnTopicPage, Explain: true})
	if err != nil {
		t.Fatalf("Classify(html): %v", err)
	}
	article, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: servingtest.OnTopicPageArticle})
	if err != nil {
		t.Fatal(err)
	}
	got, want := slices.Sorted(slices.Values(page.GetTopics())), slices.Sorted(slices.Values(article.GetTopics()))
	if len(got) == 0 || !slices.Equal(got, want) {
		t.Errorf("Classify(html) = topics %q, want those of its article %q, and some", got, want)
	}
	if page.GetLanguage() != "fr" {
		t.Errorf("Classify(html).Language = %q, want fr", page.GetLanguage())
	}
	r, err := m.ClassifyHTML(servingtest.OnTopicPage, naivebayes.Options{Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(servingtest.WantResponse(r, m.Version()), page, protocmp.Transform()); diff != "" {
		t.Errorf("Classify(html) differs from the model's ClassifyHTML (-model +got):\n%s", diff)
	}
}

// TestClassifyBatchHTML checks that a batch of pages answers, in order,
// what Classify answers for each page.
func TestClassifyBatchHTML(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	pages := []string{
		servingtest.OnTopicPage,
		"<html><body><p>" + servingtest.GermanText + "</p></body></html>",
		"<p>zzzz qqqq xylophone</p>",
	}
	got, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Htmls: pages})
	if err != nil {
		t.Fatalf("ClassifyBatch(htmls): %v", err)
	}
	if len(got.GetResults()) != len(pages) {
		t.Fatalf("ClassifyBatch(%d htmls) gave %d results, want one per page", len(pages), len(got.GetResults()))
	}
	for i, page := range pages {
		one, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Html: page})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one, got.GetResults()[i], protocmp.Transform()); diff != "" {
			t.Errorf("ClassifyBatch result %d differs from Classify(html %.40q) (-Classify +ClassifyBatch):\n%s", i, page, diff)
		}
	}
}

// TestClassifyLanguage checks the language and the abstain reason of the
// answers: text in a language the model was not trained on abstains,
// naming it; text of too little evidence abstains on weak evidence.
func TestClassifyLanguage(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := servingtest.Context(t)
	const (
		none        = topicdv1.AbstainReason_ABSTAIN_REASON_UNSPECIFIED
		weak        = topicdv1.AbstainReason_ABSTAIN_REASON_WEAK_EVIDENCE
		unsupported = topicdv1.AbstainReason_ABSTAIN_REASON_UNSUPPORTED_LANGUAGE
		decides     = topicdv1.AbstainReason(-1) // none or weak: up to the model's scores
	)
	for _, tt := range []struct {
		name string
		req  *topicdv1.ClassifyRequest
		lang string
		want topicdv1.AbstainReason
	}{
		{"french", &topicdv1.ClassifyRequest{Text: servingtest.OnTopicText}, "fr", none},
		{"english", &topicdv1.ClassifyRequest{Text: "The hackers published the files of the campaign."}, "en", decides},
		{"vietnamese", &topicdv1.ClassifyRequest{Text: "Tin tặc công bố tài liệu mật"}, "vi", decides},
		{"undetermined", &topicdv1.ClassifyRequest{Text: "zzzz qqqq xylophone"}, "und", weak},
		{"german", &topicdv1.ClassifyRequest{Text: servingtest.GermanText}, "de", unsupported},
		{"spanish", &topicdv1.ClassifyRequest{Text: servingtest.SpanishText}, "es", unsupported},
		{"spanish, explained, any threshold", &topicdv1.ClassifyRequest{Text: servingtest.SpanishText, Explain: true, Threshold: new(1e-9)}, "es", unsupported},
		{"german page", &topicdv1.ClassifyRequest{Html: "<article><p>" + servingtest.GermanText + "</p></article>"}, "de", unsupported},
	} {
		got, err := c.Classify(ctx, tt.req)
		if err != nil {
			t.Fatalf("%s: Classify: %v", tt.name, err)
		}
		reasonOK := got.GetAbstainReason() == tt.want || tt.want == decides && got.GetAbstainReason() != unsupported
		if got.GetLanguage() != tt.lang || !reasonOK || got.GetAbstained() != (got.GetAbstainReason() != none) {
			t.Errorf("%s: Classify = {language: %q, abstained: %v, abstain_reason: %v}, want %q, %v",
				tt.name, got.GetLanguage(), got.GetAbstained(), got.GetAbstainReason(), tt.lang, tt.want)
		}
		if tt.want == unsupported && len(got.GetTopics()) != 0 {
			t.Errorf("%s: Classify = topics %q, want none", tt.name, got.GetTopics())
		}
	}
}

// TestInvalidInput checks that a request sends exactly one of text or html
// (texts or htmls in a batch), each under the size limit, and that a page
// with no text is refused: InvalidArgument naming each bad field.
func TestInvalidInput(t *testing.T) {
	const maxText, maxBatch = 64, 4
	c, _ := newTestClient(t, servingtest.WithLimits(service.Config{MaxTextBytes: maxText, MaxBatch: maxBatch}))
	ctx := servingtest.Context(t)
	classify := func(text, html string) func() error {
		return func() error {
			_, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text, Html: html})
			return err
		}
	}
	batch := func(texts, htmls []string) func() error {
		return func() error {
			_, err := c.ClassifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: texts, Htmls: htmls})
			return err
		}
	}
	page := "<p>Anonymous a piraté le site du candidat</p>"
	atLimit := "<p>" + strings.Repeat("x", maxText-7) + "</p>"
	overLimit := "<p>" + strings.Repeat("x", maxText-6) + "</p>"
	noText := "<html><body><nav></nav></body></html>"
	for _, tt := range []struct {
		name       string
		call       func() error
		wantCode   codes.Code
		wantFields []string
	}{
		{"Classify(neither)", classify("", ""), codes.InvalidArgument, []string{"text", "html"}},
		{"Classify(both)", classify("Anonymous", page), codes.InvalidArgument, []string{"text", "html"}},
		{"Classify(spaces, html)", classify(" ", page), codes.InvalidArgument, []string{"text", "html"}},
		{"Classify(html)", classify("", page), codes.OK, nil},
		{"Classify(html of spaces)", classify("", " \n\t "), codes.InvalidArgument, []string{"html"}},
		{"Classify(html of max bytes)", classify("", atLimit), codes.OK, nil},
		{"Classify(html of max+1 bytes)", classify("", overLimit), codes.InvalidArgument, []string{"html"}},
		{"Classify(html without text)", classify("", noText), codes.InvalidArgument, []string{"html"}},
		{"ClassifyBatch(texts and htmls)", batch([]string{"a"}, []string{page}), codes.InvalidArgument, []string{"texts", "htmls"}},
		{"ClassifyBatch(htmls)", batch(nil, []string{page, atLimit}), codes.OK, nil},
		{"ClassifyBatch(max+1 htmls)", batch(nil, []string{page, page, page, page, page}), codes.InvalidArgument, []string{"htmls"}},
		{"ClassifyBatch(htmls, bad 1 and 3)", batch(nil, []string{page, "", page, overLimit}), codes.InvalidArgument, []string{"htmls[1]", "htmls[3]"}},
		{"ClassifyBatch(htmls, 2 without text)", batch(nil, []string{page, page, noText}), codes.InvalidArgument, []string{"htmls[2]"}},
	} {
		err := tt.call()
		if got := status.Code(err); got != tt.wantCode {
			t.Errorf("%s = %v, want code %v", tt.name, err, tt.wantCode)
			continue
		}
		if got := servingtest.FieldViolations(err); !slices.Equal(got, tt.wantFields) {
			t.Errorf("%s = %v with field violations %q, want %q", tt.name, err, got, tt.wantFields)
		}
	}
}

// TestConvertResult checks that every field of a model's result reaches
// the response: the language, each abstain reason, and the passage of
// each explained score.
func TestConvertResult(t *testing.T) {
	for _, tt := range []struct {
		reason naivebayes.AbstainReason
		want   topicdv1.AbstainReason
	}{
		{naivebayes.NotAbstained, topicdv1.AbstainReason_ABSTAIN_REASON_UNSPECIFIED},
		{naivebayes.WeakEvidence, topicdv1.AbstainReason_ABSTAIN_REASON_WEAK_EVIDENCE},
		{naivebayes.UnsupportedLanguage, topicdv1.AbstainReason_ABSTAIN_REASON_UNSUPPORTED_LANGUAGE},
	} {
		r := naivebayes.Result{
			Topics: []string{"leak"},
			Scores: []naivebayes.Score{{
				Topic: "leak", Probability: 0.95, Passage: "The files were published on a forum.",
				Evidence: []naivebayes.Evidence{{Feature: "files", Count: 2, Weight: 1.5}},
			}},
			Features: 12, KnownFeatures: 9, Threshold: 0.9,
			Abstained: tt.reason != naivebayes.NotAbstained, AbstainReason: tt.reason, Language: "en",
		}
		want := &topicdv1.ClassifyResponse{
			Topics: []string{"leak"},
			Scores: []*topicdv1.TopicScore{{
				Topic: "leak", Probability: 0.95, Passage: "The files were published on a forum.",
				Evidence: []*topicdv1.Evidence{{Token: "files", Count: 2, Weight: 1.5}},
			}},
			ModelVersion: "nb-1", Tokens: 12, KnownTokens: 9, Threshold: 0.9,
			Abstained: tt.reason != naivebayes.NotAbstained, AbstainReason: tt.want, Language: "en",
		}
		if diff := cmp.Diff(want, service.ClassifyResponse(r, "nb-1"), protocmp.Transform()); diff != "" {
			t.Errorf("classifyResponse(reason %v) (-want +got):\n%s", tt.reason, diff)
		}
		if diff := cmp.Diff(want, servingtest.WantResponse(r, "nb-1"), protocmp.Transform()); diff != "" {
			t.Errorf("servingtest.WantResponse(reason %v) (-want +got):\n%s", tt.reason, diff)
		}
	}
}
