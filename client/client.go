// Package client is the Go client of topicd's ClassifierService, for backend
// services: it wraps the generated gRPC stubs with per-call timeouts and
// typed results.
//
//	c, err := client.New("localhost:50051", client.WithInsecure())
//	if err != nil { ... }
//	defer c.Close()
//	r, err := c.Classify(ctx, "Anonymous a publié 269 Go de documents de police")
//
// ClassifyHTML sends a web page's raw HTML instead, as a crawler fetched
// it: the service extracts its main article and tags that.
//
// Options adjust one call: c.Classify(ctx, text, client.WithThreshold(0.9),
// client.WithExplain()) assigns only the topics of probability 0.9 or more
// and lists the features behind each score.
//
// # Security
//
// WithTLS reaches a server started with --tls-cert and --tls-key, and
// verifies its certificate; WithClientCertificate adds the client
// certificate a server started with --tls-client-ca requires; and
// WithBearerToken the token of one started with --auth-token-file:
//
//	c, err := client.New("topicd.example:50051", client.WithTLS("ca.pem"),
//		client.WithClientCertificate("client.pem", "client-key.pem"),
//		client.WithBearerToken(token))
//
// # Several replicas
//
// The service is stateless, so a client may spread its calls over several
// servers. Give New a "dns:///" target whose name resolves to all of them
// (on Kubernetes, a headless Service), or NewMulti a fixed list of
// addresses:
//
//	c, err := client.New("dns:///topicd-headless.default.svc.cluster.local:50051", client.WithInsecure())
//	c, err := client.NewMulti([]string{"10.0.0.1:50051", "10.0.0.2:50051"}, client.WithInsecure())
//
// Every client, of one server or several, balances round robin over the
// servers that report SERVING to gRPC health checks for ClassifierService,
// so a replica that is starting or shutting down gets no calls, and tries a
// call that fails with Unavailable again on another server, up to four
// attempts within the call's deadline (every method only reads, so trying
// again is safe). It pings a server silent for 30 s, to notice one that
// vanished without closing its connections. Servers close connections
// after --max-connection-age; the client then resolves the target again
// and reconnects, so that it also reaches replicas added since it
// connected. A server without the health service counts as healthy (gRPC
// logs that once per connection). WithDialOptions can replace these
// defaults, for example with grpc.WithDefaultServiceConfig.
package client

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"

	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// DefaultTimeout bounds each call whose context has no deadline of its own.
const DefaultTimeout = 5 * time.Second

// A Client calls one topicd service. It is safe for concurrent use; share one
// per process and target.
type Client struct {
	conn    *grpc.ClientConn
	rpc     topicdv1.ClassifierServiceClient
	timeout time.Duration
}

// An Option configures New.
type Option func(*options)

type options struct {
	creds       credentials.TransportCredentials
	tls         tlsFiles     // WithTLS, WithClientCertificate
	token       *bearerToken // WithBearerToken
	timeout     time.Duration
	dialOptions []grpc.DialOption
}

// WithInsecure connects without transport security (plaintext), for a
// service on a trusted network or on this machine.
func WithInsecure() Option {
	return func(o *options) { o.creds = insecure.NewCredentials() }
}

// WithTransportCredentials connects with the given credentials, such as
// credentials.NewTLS(cfg).
func WithTransportCredentials(c credentials.TransportCredentials) Option {
	return func(o *options) { o.creds = c }
}

// WithTimeout sets the deadline given to calls whose context has none
// (DefaultTimeout otherwise).
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// WithDialOptions adds gRPC dial options, for example a custom dialer in tests.
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(o *options) { o.dialOptions = append(o.dialOptions, opts...) }
}

// New returns a client of the service at target, a gRPC target such as
// "localhost:50051" or "dns:///topicd.example:50051" (whose addresses it
// balances over; see the package documentation). Transport credentials
// must be chosen explicitly: WithTLS, WithInsecure or
// WithTransportCredentials. New reads the files WithTLS and
// WithClientCertificate name, but does not connect; the first call does.
func New(target string, opts ...Option) (*Client, error) {
	o := options{timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	if err := o.secure(); err != nil { // see security.go
		return nil, err
	}
	if o.timeout <= 0 {
		return nil, errors.New("client: the timeout must be positive")
	}
	dial := slices.Concat([]grpc.DialOption{grpc.WithTransportCredentials(o.creds)}, defaultDialOptions(), o.dialOptions)
	conn, err := grpc.NewClient(target, dial...)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, rpc: topicdv1.NewClassifierServiceClient(conn), timeout: o.timeout}, nil
}

// Close closes the client's connections.
func (c *Client) Close() error { return c.conn.Close() }

// A ClassifyOption adjusts one Classify or ClassifyBatch call.
type ClassifyOption func(*classifyOptions)

type classifyOptions struct {
	threshold *float64 // nil: the model's default
	explain   bool
}

// WithThreshold assigns the topics whose probability is at least p, in
// (0, 1], instead of the model's default (ModelInfo.Threshold). The service
// refuses any other value, 0 included, with InvalidArgument.
func WithThreshold(p float64) ClassifyOption {
	return func(o *classifyOptions) { o.threshold = &p }
}

// WithExplain asks for each score's Evidence.
func WithExplain() ClassifyOption {
	return func(o *classifyOptions) { o.explain = true }
}

func newClassifyOptions(opts []ClassifyOption) classifyOptions {
	var o classifyOptions
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// A Score is one topic's probability for a text.
type Score struct {
	Topic       string  `json:"topic"`
	Probability float64 `json:"probability"`
	// Evidence, with WithExplain, holds the features of the text that pushed
	// the probability up most (positive weights, strongest first), then
	// those that pushed it down most (negative weights, strongest last): at
	// most five of each. It is empty otherwise.
	Evidence []Evidence `json:"evidence,omitempty"`
	// Passage, with WithExplain, is the passage of the text (a line or
	// paragraph, cut to at most 200 characters) whose features pushed the
	// probability up most; empty when none favours the topic.
	Passage string `json:"passage,omitempty"`
}

// Evidence is one feature's part in a topic's score.
type Evidence struct {
	// Token is the feature as the model counts it: a word folded to lower
	// case without diacritics, or a pair of adjacent Vietnamese syllables.
	Token string `json:"token"`
	// Weight is what the feature adds to the topic's log-odds; positive
	// weights push towards the topic.
	Weight float64 `json:"weight"`
	// Count is how many times the text holds the feature.
	Count int64 `json:"count"`
}

// A Result is the classification of one text.
type Result struct {
	// Topics are the topics assigned, most probable first; empty when none
	// applies.
	Topics []string `json:"topics"`
	// Scores holds every topic of the model, most probable first.
	Scores []Score `json:"scores"`
	// ModelVersion names the model that answered.
	ModelVersion string `json:"model_version"`
	// Abstained reports that no topic was assigned whatever the scores;
	// AbstainReason says why: AbstainWeakEvidence (too few features the
	// model knows, fewer than ModelInfo.MinKnownTokens, or features that
	// favour no decision) or AbstainUnsupportedLanguage (Language is not
	// one of ModelInfo.Languages). It is "" when the model did not abstain.
	Abstained     bool   `json:"abstained"`
	AbstainReason string `json:"abstain_reason,omitempty"`
	// Language is the language the text was read as: "en", "fr" or "vi",
	// the ISO 639-1 code of another language (the model then abstains), or
	// "und" when it could not be told.
	Language string `json:"language"`
	// Tokens is how many features the text holds (the name is the API
	// field's); KnownTokens how many of them the model learned in training.
	Tokens      int64 `json:"tokens"`
	KnownTokens int64 `json:"known_tokens"`
	// Threshold is the decision threshold applied: WithThreshold's, or the
	// model's default.
	Threshold float64 `json:"threshold"`
}

// ModelInfo describes the model a service is serving.
type ModelInfo struct {
	Topics         []string         `json:"topics"`
	Version        string           `json:"version"`
	Documents      int64            `json:"documents"`
	VocabularySize int64            `json:"vocabulary_size"`
	TopicDocuments map[string]int64 `json:"topic_documents"`
	Threshold      float64          `json:"threshold"`
	// MinKnownTokens is the fewest known features a text needs to get any
	// topic; below it the model abstains (Result.Abstained).
	MinKnownTokens int64 `json:"min_known_tokens"`
	// Tokenizer names the rules that turn text into features that the model
	// was trained with.
	Tokenizer string `json:"tokenizer"`
	// Languages are the languages the model was trained on, sorted; text
	// in any other abstains with AbstainUnsupportedLanguage.
	Languages []string `json:"languages"`
}

// Values of Result.AbstainReason: the API's AbstainReason enum names, in
// lower case without their ABSTAIN_REASON_ prefix, so that a reason a newer
// server adds reads the same way.
const (
	AbstainWeakEvidence        = "weak_evidence"
	AbstainUnsupportedLanguage = "unsupported_language"
)

// Classify tags one text. Errors are gRPC status errors: status.Code(err)
// is InvalidArgument for an empty or oversized text, or a threshold out of
// range.
func (c *Client) Classify(ctx context.Context, text string, opts ...ClassifyOption) (Result, error) {
	return c.classify(ctx, &topicdv1.ClassifyRequest{Text: text}, opts)
}

// ClassifyHTML tags the main article of a web page, given its raw HTML: the
// service extracts the article (without menus, share buttons, related
// links and footers) and tags that. The page is under the same size limit
// as a text; status.Code(err) is InvalidArgument for an empty or oversized
// page, or one with no visible text.
func (c *Client) ClassifyHTML(ctx context.Context, html string, opts ...ClassifyOption) (Result, error) {
	return c.classify(ctx, &topicdv1.ClassifyRequest{Html: html}, opts)
}

func (c *Client) classify(ctx context.Context, req *topicdv1.ClassifyRequest, opts []ClassifyOption) (Result, error) {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	o := newClassifyOptions(opts)
	req.Threshold, req.Explain = o.threshold, o.explain
	resp, err := c.rpc.Classify(ctx, req)
	if err != nil {
		return Result{}, err
	}
	return fromResponse(resp), nil
}

// ClassifyBatch tags several texts in one call and returns one result per
// text, in order. The options apply to every text.
func (c *Client) ClassifyBatch(ctx context.Context, texts []string, opts ...ClassifyOption) ([]Result, error) {
	return c.classifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Texts: texts}, opts)
}

// ClassifyBatchHTML tags the articles of several web pages, given their raw
// HTML, in one call (see ClassifyHTML), and returns one result per page, in
// order. The options apply to every page.
func (c *Client) ClassifyBatchHTML(ctx context.Context, htmls []string, opts ...ClassifyOption) ([]Result, error) {
	return c.classifyBatch(ctx, &topicdv1.ClassifyBatchRequest{Htmls: htmls}, opts)
}

func (c *Client) classifyBatch(ctx context.Context, req *topicdv1.ClassifyBatchRequest, opts []ClassifyOption) ([]Result, error) {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	o := newClassifyOptions(opts)
	req.Threshold, req.Explain = o.threshold, o.explain
	resp, err := c.rpc.ClassifyBatch(ctx, req)
	if err != nil {
		return nil, err
	}
	results := make([]Result, len(resp.GetResults()))
	for i, r := range resp.GetResults() {
		results[i] = fromResponse(r)
	}
	return results, nil
}

// ModelInfo describes the model the service is serving.
func (c *Client) ModelInfo(ctx context.Context) (ModelInfo, error) {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	resp, err := c.rpc.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
	if err != nil {
		return ModelInfo{}, err
	}
	info := ModelInfo{
		Topics:         resp.GetTopics(),
		Version:        resp.GetVersion(),
		Documents:      resp.GetDocuments(),
		VocabularySize: resp.GetVocabularySize(),
		TopicDocuments: make(map[string]int64, len(resp.GetTopicDocuments())),
		Threshold:      resp.GetThreshold(),
		MinKnownTokens: resp.GetMinKnownTokens(),
		Tokenizer:      resp.GetTokenizer(),
		Languages:      resp.GetLanguages(),
	}
	for _, td := range resp.GetTopicDocuments() {
		info.TopicDocuments[td.GetTopic()] = td.GetDocuments()
	}
	return info, nil
}

func (c *Client) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, c.timeout)
}

func fromResponse(resp *topicdv1.ClassifyResponse) Result {
	r := Result{
		Topics:        resp.GetTopics(),
		Scores:        make([]Score, len(resp.GetScores())),
		ModelVersion:  resp.GetModelVersion(),
		Abstained:     resp.GetAbstained(),
		Tokens:        resp.GetTokens(),
		KnownTokens:   resp.GetKnownTokens(),
		Threshold:     resp.GetThreshold(),
		Language:      resp.GetLanguage(),
		AbstainReason: abstainReason(resp.GetAbstainReason()),
	}
	if r.Topics == nil {
		r.Topics = []string{}
	}
	for i, s := range resp.GetScores() {
		r.Scores[i] = Score{Topic: s.GetTopic(), Probability: s.GetProbability(), Passage: s.GetPassage()}
		for _, e := range s.GetEvidence() {
			r.Scores[i].Evidence = append(r.Scores[i].Evidence, Evidence{Token: e.GetToken(), Weight: e.GetWeight(), Count: e.GetCount()})
		}
	}
	return r
}

// abstainReason names a reason as Result.AbstainReason does: "" for none.
func abstainReason(r topicdv1.AbstainReason) string {
	if r == topicdv1.AbstainReason_ABSTAIN_REASON_UNSPECIFIED {
		return ""
	}
	return strings.ToLower(strings.TrimPrefix(r.String(), "ABSTAIN_REASON_"))
}
