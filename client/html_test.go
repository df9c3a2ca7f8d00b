package client_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

// TestClassifyHTML checks that a page's HTML reaches the service as a page
// and gets the model's answer for it, the topics of its article.
func TestClassifyHTML(t *testing.T) {
	c, srv := newTestClient(t, nil)
	ctx := context.Background()
	got, err := c.ClassifyHTML(ctx, servingtest.OnTopicPage, client.WithExplain())
	if err != nil {
		t.Fatalf("ClassifyHTML: %v", err)
	}
	r, err := srv.Model.ClassifyHTML(servingtest.OnTopicPage, naivebayes.Options{Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantResult(r, srv.Model.Version()), got); diff != "" {
		t.Errorf("ClassifyHTML differs from the model's answer (-model +got):\n%s", diff)
	}
	article, err := c.Classify(ctx, servingtest.OnTopicPageArticle)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Topics) == 0 || !slices.Equal(slices.Sorted(slices.Values(got.Topics)), slices.Sorted(slices.Values(article.Topics))) {
		t.Errorf("ClassifyHTML = topics %q, want its article's %q, and some", got.Topics, article.Topics)
	}
	if got.Language != "fr" {
		t.Errorf("ClassifyHTML.Language = %q, want fr", got.Language)
	}
	if _, err := c.ClassifyHTML(ctx, "<html><body></body></html>"); status.Code(err) != codes.InvalidArgument {
		t.Errorf("ClassifyHTML(page without text) error = %v, want code InvalidArgument", err)
	}
}

func TestClassifyBatchHTML(t *testing.T) {
	c, _ := newTestClient(t, nil)
	ctx := context.Background()
	pages := []string{servingtest.OnTopicPage, "<p>" + servingtest.SpanishText + "</p>"}
	got, err := c.ClassifyBatchHTML(ctx, pages, client.WithThreshold(0.5))
	if err != nil {
		t.Fatalf("ClassifyBatchHTML: %v", err)
	}
	if len(got) != len(pages) {
		t.Fatalf("ClassifyBatchHTML gave %d results, want %d", len(got), len(pages))
	}
	for i, page := range pages {
		one, err := c.ClassifyHTML(ctx, page, client.WithThreshold(0.5))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one, got[i]); diff != "" {
			t.Errorf("ClassifyBatchHTML result %d differs from ClassifyHTML (-one +batch):\n%s", i, diff)
		}
	}
}

// TestAbstainReason checks Result.Language and Result.AbstainReason.
func TestAbstainReason(t *testing.T) {
	c, _ := newTestClient(t, nil)
	for _, tt := range []struct {
		text, lang, reason string
	}{
		{servingtest.OnTopicText, "fr", ""},
		{"zzzz qqqq xylophone", "und", client.AbstainWeakEvidence},
		{servingtest.GermanText, "de", client.AbstainUnsupportedLanguage},
		{servingtest.SpanishText, "es", client.AbstainUnsupportedLanguage},
	} {
		got, err := c.Classify(context.Background(), tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if got.Language != tt.lang || got.AbstainReason != tt.reason || got.Abstained != (tt.reason != "") {
			t.Errorf("Classify(%.30q) = {Language: %q, Abstained: %v, AbstainReason: %q}, want %q, %q",
				tt.text, got.Language, got.Abstained, got.AbstainReason, tt.lang, tt.reason)
		}
	}
}
