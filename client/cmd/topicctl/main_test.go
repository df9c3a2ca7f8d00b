package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/servingtest"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// startServer serves the real server, with the seed model, on a loopback
// port for the length of the test, and returns its address.
func startServer(t *testing.T) string {
	t.Helper()
	return servingtest.New(t, servingtest.OverTCP()).Addr
}

// topicctl runs the CLI with args and stdin, returning stdout and the error.
func topicctl(t *testing.T, addr, stdin string, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(key string) string {
		if key == "TOPICD_ADDR" {
			return addr
		}
		return ""
	}
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &stdout, &stderr)
	return stdout.String(), err
}

const leakText = "Anonymous a publié 269 Go de documents de police, diffusés par DDoSecrets."

func TestJSONFromArgsFilesAndStdin(t *testing.T) {
	addr := startServer(t)
	file := filepath.Join(t.TempDir(), "article.txt")
	if err := os.WriteFile(file, []byte(leakText), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		stdin   string
		args    []string
		sources []string
	}{
		{"args", "", []string{"--json", leakText, "MacronLeaks"}, []string{"arg 1", "arg 2"}},
		{"file", "", []string{"--json", "-f", file}, []string{file}},
		{"stdin", leakText, []string{"--json"}, []string{"stdin"}},
		{"args and stdin", leakText, []string{"--json", "-f", "-", leakText}, []string{"arg 1", "stdin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := topicctl(t, addr, tt.stdin, tt.args...)
			if err != nil {
				t.Fatalf("topicctl %q: %v", tt.args, err)
			}
			results := decodeResults(t, out)
			for _, r := range results {
				if len(r.Scores) != 4 || r.ModelVersion == "" {
					t.Errorf("topicctl %q: result %+v, want 4 scores and a model version", tt.args, r)
				}
			}
			if len(results) != len(tt.sources) {
				t.Errorf("topicctl %q printed %d results, want one per text of %v:\n%s", tt.args, len(results), tt.sources, out)
			}
		})
	}
}

func TestTable(t *testing.T) {
	addr := startServer(t)
	out, err := topicctl(t, addr, "", leakText)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"topics: leak, hacktivism", "* leak", "* hacktivism", "state_actor", "election_interference"} {
		if !strings.Contains(out, want) {
			t.Errorf("topicctl table lacks %q:\n%s", want, out)
		}
	}
}

func TestInfo(t *testing.T) {
	addr := startServer(t)
	out, err := topicctl(t, addr, "", "info", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var mi topicdv1.GetModelInfoResponse
	if err := protojson.Unmarshal([]byte(out), &mi); err != nil {
		t.Fatalf("info --json printed %q: %v", out, err)
	}
	if mi.Documents != 5 || len(mi.Topics) != 4 || mi.MinKnownTokens <= 0 || mi.Tokenizer == "" {
		t.Errorf("info = %+v, want 5 documents, 4 topics, a minimum of known words and a tokenizer", &mi)
	}
	if _, err := topicctl(t, addr, "", "info", "extra"); err == nil {
		t.Error("info with a text succeeded, want an error")
	}
}

func TestErrors(t *testing.T) {
	addr := startServer(t)
	if _, err := topicctl(t, addr, "", "-f", filepath.Join(t.TempDir(), "missing.txt")); err == nil {
		t.Error("topicctl -f missing.txt succeeded, want an error")
	}
	if _, err := topicctl(t, addr, "   "); err == nil {
		t.Error("topicctl with empty stdin succeeded, want the server's InvalidArgument")
	}
	if _, err := topicctl(t, addr, "", "--no-such-flag"); err == nil {
		t.Error("topicctl --no-such-flag succeeded, want an error")
	}
}

// jsonResult is a ClassifyResponse as protobuf JSON prints it: decoding
// with encoding/json checks the names and that 64-bit integers are strings.
type jsonResult struct {
	Topics []string `json:"topics"`
	Scores []struct {
		Topic       string  `json:"topic"`
		Probability float64 `json:"probability"`
		Evidence    []struct {
			Token  string  `json:"token"`
			Weight float64 `json:"weight"`
			Count  int64   `json:"count,string"`
		} `json:"evidence"`
		Passage string `json:"passage"`
	} `json:"scores"`
	ModelVersion  string  `json:"modelVersion"`
	Abstained     bool    `json:"abstained"`
	AbstainReason string  `json:"abstainReason"`
	Tokens        int64   `json:"tokens,string"`
	KnownTokens   int64   `json:"knownTokens,string"`
	Threshold     float64 `json:"threshold"`
	Language      string  `json:"language"`
}

// decodeResults parses topicctl's JSON output, one result per line.
func decodeResults(t *testing.T, out string) []jsonResult {
	t.Helper()
	var results []jsonResult
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	for dec.More() {
		var r jsonResult
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("topicctl printed invalid JSON %q: %v", out, err)
		}
		results = append(results, r)
	}
	return results
}

// TestJSONIsProtoJSON checks that --json prints what protojson prints of
// the server's own response: the shape of grpcurl and of the HTTP API.
func TestJSONIsProtoJSON(t *testing.T) {
	srv := servingtest.New(t, servingtest.OverTCP())
	resp, err := srv.Client(t).Classify(servingtest.Context(t), &topicdv1.ClassifyRequest{Text: leakText, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := protojson.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := json.Compact(&want, b); err != nil {
		t.Fatal(err)
	}
	out, err := topicctl(t, srv.Addr, "", "--explain", leakText, "--json")
	if err != nil {
		t.Fatal(err)
	}
	if out != want.String()+"\n" {
		t.Errorf("topicctl --explain TEXT --json printed\n%s\nwant protojson's\n%s", out, want.String())
	}
}

// TestFlagsAnywhere checks that flags and the info subcommand are found
// wherever they stand, and that "--" ends the flags.
func TestFlagsAnywhere(t *testing.T) {
	addr := startServer(t)
	for _, tt := range []struct {
		args []string
		want *regexp.Regexp
	}{
		{[]string{"--addr", addr, "info"}, regexp.MustCompile(`(?m)^version +nb-`)},
		{[]string{"info", "--addr", addr, "--json"}, regexp.MustCompile(`^\{"topics":.*"version":"nb-`)},
		{[]string{"--timeout", "5s", "info", "--json"}, regexp.MustCompile(`^\{"topics":.*"version":"nb-`)},
		{[]string{leakText, "--json"}, regexp.MustCompile(`^\{"topics":\["leak"`)},
		{[]string{"--json", "--", "info"}, regexp.MustCompile(`^\{"scores":`)}, // the word "info", classified
		{[]string{"--json", "--", "--json"}, regexp.MustCompile(`^\{"scores":`)},
	} {
		out, err := topicctl(t, addr, "", tt.args...)
		if err != nil || !tt.want.MatchString(out) {
			t.Errorf("topicctl %q = %q, %v; want output matching %s", tt.args, out, err, tt.want)
		}
	}
}

func TestThreshold(t *testing.T) {
	addr := startServer(t)
	c, err := client.New(addr, client.WithInsecure())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	info, err := c.ModelInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want float64 // the threshold applied
	}{
		{nil, info.Threshold}, // the model's default
		{[]string{"--threshold", "0.95"}, 0.95},
		{[]string{"--threshold=1e-9"}, 1e-9},
		{[]string{"--threshold", "1"}, 1},
	} {
		args := append([]string{"--json"}, tt.args...)
		out, err := topicctl(t, addr, "", append(args, leakText, "MacronLeaks")...)
		if err != nil {
			t.Fatalf("topicctl %q: %v", args, err)
		}
		for i, r := range decodeResults(t, out) {
			if r.Threshold != tt.want {
				t.Errorf("topicctl %q: result %d has threshold %v, want %v", args, i, r.Threshold, tt.want)
			}
			// Assigned: at or above the threshold, and above the prior.
			var want []string
			for _, s := range r.Scores {
				prior := float64(info.TopicDocuments[s.Topic]) / float64(info.Documents)
				if s.Probability >= tt.want && s.Probability > prior && !r.Abstained {
					want = append(want, s.Topic)
				}
			}
			if diff := cmp.Diff(want, r.Topics, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("topicctl %q: result %d topics, want those of probability %v or more, above their prior (-want +got):\n%s", args, i, tt.want, diff)
			}
		}
	}
	table, err := topicctl(t, addr, "", "--threshold", "0.25", leakText)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table, "threshold 0.25") {
		t.Errorf("topicctl --threshold 0.25 table does not name the threshold:\n%s", table)
	}

	for _, bad := range []string{"0", "-0.1", "1.5", "NaN"} {
		if _, err := topicctl(t, addr, "", "--threshold", bad, leakText); status.Code(err) != codes.InvalidArgument {
			t.Errorf("topicctl --threshold %s = %v, want the server's InvalidArgument", bad, err)
		}
	}
	if _, err := topicctl(t, addr, "", "--threshold", "high", leakText); err == nil {
		t.Error("topicctl --threshold high succeeded, want a flag error")
	}
}

// evidenceLine is a line of evidence in the table: token, signed weight,
// count.
var evidenceLine = regexp.MustCompile(`^ {6}(\S+) +([+-]\d+\.\d{4}) +x(\d+)$`)

// scoreLine is a line of score in the table.
var scoreLine = regexp.MustCompile(`^  [* ] (\S+) +(\d\.\d{4}) *$`)

// passageLine is the passage under a score in the table, with --explain.
var passageLine = regexp.MustCompile(`^ {6}passage: ".*"$`)

func TestExplainTable(t *testing.T) {
	addr := startServer(t)
	for _, explain := range []bool{false, true} {
		args := []string{leakText}
		if explain {
			args = append([]string{"--explain"}, args...)
		}
		out, err := topicctl(t, addr, "", args...)
		if err != nil {
			t.Fatalf("topicctl %q: %v", args, err)
		}
		evidence := map[string]int{} // lines of evidence under each topic
		var topic string
		for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n")[1:] {
			if m := scoreLine.FindStringSubmatch(line); m != nil {
				topic = m[1]
				evidence[topic] = 0
				continue
			}
			if passageLine.MatchString(line) && explain && topic != "" {
				continue
			}
			m := evidenceLine.FindStringSubmatch(line)
			if m == nil || topic == "" {
				t.Errorf("topicctl %q: line %q is neither a score nor evidence under one", args, line)
				continue
			}
			if w, _ := strconv.ParseFloat(m[2], 64); w == 0 {
				t.Errorf("topicctl %q: evidence line %q has weight 0, want a signed non-zero weight", args, line)
			}
			evidence[topic]++
		}
		if len(evidence) != 4 {
			t.Errorf("topicctl %q: scores of %v, want 4 topics:\n%s", args, evidence, out)
		}
		for topic, n := range evidence {
			if explain && (n == 0 || n > 10) || !explain && n > 0 {
				t.Errorf("topicctl %q: %d lines of evidence under %s, want 1 to 10 with --explain, none without:\n%s", args, n, topic, out)
			}
		}
	}
}

func TestExplainJSON(t *testing.T) {
	addr := startServer(t)
	out, err := topicctl(t, addr, "", "--json", leakText)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, `"evidence"`) {
		t.Errorf("topicctl --json without --explain printed evidence: %s", out)
	}
	out, err = topicctl(t, addr, "", "--json", "--explain", leakText, "MacronLeaks: des courriels de campagne publiés")
	if err != nil {
		t.Fatal(err)
	}
	results := decodeResults(t, out)
	if len(results) != 2 {
		t.Fatalf("topicctl --json --explain with 2 texts printed %d results, want 2:\n%s", len(results), out)
	}
	for i, r := range results {
		for _, s := range r.Scores {
			if len(s.Evidence) == 0 {
				t.Errorf("topicctl --json --explain: result %d score of %s has no evidence, want some", i, s.Topic)
			}
			for _, e := range s.Evidence {
				if e.Token == "" || e.Weight == 0 || e.Count < 1 {
					t.Errorf("topicctl --json --explain: result %d evidence of %s %+v, want a token, a non-zero weight and a count", i, s.Topic, e)
				}
			}
		}
	}
}

func TestAbstained(t *testing.T) {
	addr := startServer(t)
	const text = "zzzz qqqq xylophone"
	out, err := topicctl(t, addr, "", text)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^  abstained: weak evidence \(\d+ known features\)$`).MatchString(out) || !strings.Contains(out, "topics: (none)") {
		t.Errorf("topicctl %q table does not say the model abstained with no topic:\n%s", text, out)
	}
	out, err = topicctl(t, addr, "", leakText)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "abstained") {
		t.Errorf("topicctl %q table says the model abstained:\n%s", leakText, out)
	}
	out, err = topicctl(t, addr, "", "--json", text)
	if err != nil {
		t.Fatal(err)
	}
	if r := decodeResults(t, out); len(r) != 1 || !r[0].Abstained || len(r[0].Topics) != 0 || len(r[0].Scores) != 4 {
		t.Errorf("topicctl --json %q = %+v, want one result, abstained, no topics, 4 scores", text, r)
	}
}
