// Command topicctl is topicd's command-line client. It classifies texts given
// as arguments, read from files, or read from standard input, and prints a
// table of topics and probabilities, or JSON. --threshold replaces the
// model's decision threshold; --explain lists, under each score, the features
// that pushed it up or down most. --html reads each input as a web page's raw
// HTML, whose main article the service extracts and tags. The table names the
// language each text was read as, and why the model abstained when it did.
//
// It connects in plaintext unless given --tls or --tls-ca (the CA that signed
// the server's certificate); --tls-cert and --tls-key present a client
// certificate (mutual TLS); --token-file sends a bearer token, over TLS only.
//
// Usage:
//
//	topicctl [flags] TEXT...           classify each argument
//	topicctl [flags] -f FILE [-f ...]  classify each file's content
//	topicctl [flags] < article.txt     classify standard input
//	topicctl --html -f page.html       classify a saved web page's article
//	topicctl info [flags]              describe the serving model
//
// Flags may stand before or after the texts and "info"; after "--",
// everything is a text ("topicctl -- info" classifies the word info).
// --json prints each response as protobuf JSON, one per line: the shape
// grpcurl and the HTTP API give (lowerCamelCase names, 64-bit integers as
// strings, fields at their default value left out).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"

	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/client/clientflags"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the usage is printed, and asking for it is no failure
	}
	if err != nil {
		if st, ok := status.FromError(err); ok {
			err = fmt.Errorf("%s: %s", st.Code(), st.Message())
		}
		fmt.Fprintln(os.Stderr, "topicctl:", err)
		os.Exit(1)
	}
}

// fileList collects repeated -f flags.
type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

// input is one text to classify and where it came from.
type input struct {
	source string
	text   string
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("topicctl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: topicctl [flags] [TEXT...]\n       topicctl [flags] -f FILE...\n       topicctl [flags] < FILE\n       topicctl --html [flags] -f PAGE.html...\n       topicctl info [flags]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	addr := fs.String("addr", envOr(getenv, "TOPICD_ADDR", "localhost:50051"), "topicd server `target` [TOPICD_ADDR]")
	asJSON := fs.Bool("json", false, "print protobuf JSON, as grpcurl and the HTTP API do: one ClassifyResponse per line, in the order of the texts")
	timeout := fs.Duration("timeout", client.DefaultTimeout, "deadline of each call")
	explain := fs.Bool("explain", false, "list under each score the features that pushed it up (+) or down (-) most")
	threshold := fs.Float64("threshold", 0, "assign the topics of probability at least `p`, in (0, 1], instead of the model's default")
	html := fs.Bool("html", false, "read each input as a web page's raw HTML and classify its main article")
	var files fileList
	fs.Var(&files, "f", "classify the content of `file` (repeatable; - is standard input)")
	var sec clientflags.Security
	sec.Add(fs, getenv)
	pos, err := parseInterspersed(fs, args) // see args.go
	if err != nil {
		return err
	}
	info := len(pos.before) > 0 && pos.before[0] == "info"
	if info {
		pos.before = pos.before[1:]
	}
	connOpts, err := sec.Options()
	if err != nil {
		return err
	}
	c, err := client.New(*addr, append(connOpts, client.WithTimeout(*timeout))...)
	if err != nil {
		return err
	}
	defer c.Close()
	if info {
		if len(pos.all()) > 0 || len(files) > 0 {
			return errors.New("info takes no texts")
		}
		mi, err := c.ModelInfo(ctx)
		if err != nil {
			return err
		}
		return printInfo(stdout, mi, *asJSON)
	}
	inputs, err := readInputs(pos.all(), files, stdin)
	if err != nil {
		return err
	}
	texts := make([]string, len(inputs))
	for i, in := range inputs {
		texts[i] = in.text
	}
	var opts []client.ClassifyOption
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "threshold" { // only when given: unset is the model's default
			opts = append(opts, client.WithThreshold(*threshold))
		}
	})
	if *explain {
		opts = append(opts, client.WithExplain())
	}
	classify := c.ClassifyBatch
	if *html {
		classify = c.ClassifyBatchHTML
	}
	results, err := classify(ctx, texts, opts...)
	if err != nil {
		return err
	}
	if *asJSON {
		for _, r := range results {
			if err := printProtoJSON(stdout, r.Proto()); err != nil {
				return err
			}
		}
		return nil
	}
	return printTable(stdout, inputs, results)
}

func readInputs(args []string, files []string, stdin io.Reader) ([]input, error) {
	var inputs []input
	for i, a := range args {
		inputs = append(inputs, input{source: fmt.Sprintf("arg %d", i+1), text: a})
	}
	if len(args) == 0 && len(files) == 0 {
		files = []string{"-"}
	}
	for _, name := range files {
		var (
			data []byte
			err  error
		)
		if name == "-" {
			data, err = io.ReadAll(stdin)
			name = "stdin"
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, input{source: name, text: string(data)})
	}
	return inputs, nil
}

// printTable prints each result: a line naming its source, topics,
// language, threshold and model; whether the model abstained and why; then
// one line per score, its topic marked * when assigned, each followed by
// its evidence and passage if any.
func printTable(w io.Writer, inputs []input, results []client.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, r := range results {
		topics := "(none)"
		if len(r.Topics) > 0 {
			topics = strings.Join(r.Topics, ", ")
		}
		fmt.Fprintf(tw, "%s\ttopics: %s\tlanguage %s\tthreshold %g\tmodel %s\n", inputs[i].source, topics, r.Language, r.Threshold, r.ModelVersion)
		if r.Abstained {
			fmt.Fprintf(tw, "  abstained: %s\n", abstention(r))
		}
		for _, s := range r.Scores {
			mark := " "
			if slices.Contains(r.Topics, s.Topic) {
				mark = "*"
			}
			fmt.Fprintf(tw, "  %s %s\t%.4f\t\n", mark, s.Topic, s.Probability)
			for _, e := range s.Evidence {
				fmt.Fprintf(tw, "      %s\t%+.4f\tx%d\n", e.Token, e.Weight, e.Count)
			}
			if s.Passage != "" {
				fmt.Fprintf(tw, "      passage: %q\n", s.Passage)
			}
		}
	}
	return tw.Flush()
}

// abstention says why the model abstained on r, for the table:
// "unsupported language (de)", "weak evidence (3 known features)".
func abstention(r client.Result) string {
	switch r.AbstainReason {
	case client.AbstainUnsupportedLanguage:
		return fmt.Sprintf("unsupported language (%s)", r.Language)
	case client.AbstainWeakEvidence, "":
		return fmt.Sprintf("weak evidence (%d known features)", r.KnownTokens)
	}
	return strings.ReplaceAll(r.AbstainReason, "_", " ") // a reason of a newer server
}

func printInfo(w io.Writer, mi client.ModelInfo, asJSON bool) error {
	if asJSON {
		return printProtoJSON(w, mi.Proto())
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "version\t%s\n", mi.Version)
	fmt.Fprintf(tw, "documents\t%d\n", mi.Documents)
	fmt.Fprintf(tw, "vocabulary\t%d\n", mi.VocabularySize)
	fmt.Fprintf(tw, "threshold\t%g\n", mi.Threshold)
	fmt.Fprintf(tw, "min known features\t%d\n", mi.MinKnownTokens)
	fmt.Fprintf(tw, "tokenizer\t%s\n", mi.Tokenizer)
	fmt.Fprintf(tw, "languages\t%s\n", strings.Join(mi.Languages, ", "))
	for _, t := range mi.Topics {
		fmt.Fprintf(tw, "topic %s\t%d documents\n", t, mi.TopicDocuments[t])
	}
	return tw.Flush()
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}
