package main

import (
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/model/modelfile"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// env returns a getenv reading from vars; TOPICD_HTTP_ADDR, unless vars
// sets it, is a free loopback port, so that no test takes port 8080.
func env(vars map[string]string) func(string) string {
	return func(key string) string {
		if v, ok := vars[key]; ok || key != "TOPICD_HTTP_ADDR" {
			return v
		}
		return "127.0.0.1:0"
	}
}

func TestParseServeFlags(t *testing.T) {
	defaultConns := serving.Connections{MaxConcurrentStreams: 100, MaxAge: 5 * time.Minute, MaxAgeGrace: 30 * time.Second}
	defaults := config{
		addr:            "localhost:50051",
		limits:          service.Config{MaxTextBytes: 1 << 20, MaxBatch: 256},
		shutdownTimeout: 10 * time.Second,
		logFormat:       "text",
		logRequests:     true,
		connections:     defaultConns,
	}
	allEnv := map[string]string{
		"TOPICD_MAX_CONCURRENT_STREAMS":   "50",
		"TOPICD_MAX_CONNECTION_AGE":       "1m",
		"TOPICD_MAX_CONNECTION_AGE_GRACE": "5s",
		"TOPICD_ADDR":                     "0.0.0.0:9000",
		"TOPICD_CORPUS":                   "/srv/corpus",
		"TOPICD_MAX_TEXT_BYTES":           "4096",
		"TOPICD_MAX_BATCH":                "8",
		"TOPICD_SHUTDOWN_TIMEOUT":         "3s",
		"TOPICD_LOG_FORMAT":               "json",
	}
	fromEnv := config{
		addr:            "0.0.0.0:9000",
		corpus:          corpusDirs{"/srv/corpus"},
		limits:          service.Config{MaxTextBytes: 4096, MaxBatch: 8},
		shutdownTimeout: 3 * time.Second,
		logFormat:       "json",
		logRequests:     true,
		connections:     serving.Connections{MaxConcurrentStreams: 50, MaxAge: time.Minute, MaxAgeGrace: 5 * time.Second},
	}
	with := func(c config, f func(*config)) config { f(&c); return c }
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want config
	}{
		{"defaults", nil, nil, defaults},
		{"env", nil, allEnv, fromEnv},
		{"env model", nil, map[string]string{"TOPICD_MODEL": "/srv/topicd.model"},
			with(defaults, func(c *config) { c.modelFile = "/srv/topicd.model" })},
		{"flags", []string{
			"--addr", "127.0.0.1:0", "--model", "m.bin", "--max-text-bytes", "10", "--max-batch", "2",
			"--shutdown-timeout", "1m", "--log-format", "json",
		}, nil, config{
			addr: "127.0.0.1:0", modelFile: "m.bin", limits: service.Config{MaxTextBytes: 10, MaxBatch: 2},
			shutdownTimeout: time.Minute, logFormat: "json", logRequests: true,
			connections: defaultConns,
		}},
		{"flags override env", []string{
			"--addr=:1", "--corpus=/other", "--max-text-bytes=1", "--max-batch=1", "--shutdown-timeout=2s", "--log-format=text",
		}, allEnv, config{
			addr: ":1", corpus: corpusDirs{"/other"}, limits: service.Config{MaxTextBytes: 1, MaxBatch: 1},
			shutdownTimeout: 2 * time.Second, logFormat: "text", logRequests: true,
			connections: serving.Connections{MaxConcurrentStreams: 50, MaxAge: time.Minute, MaxAgeGrace: 5 * time.Second},
		}},
		{"connection flags", []string{"--max-concurrent-streams", "7", "--max-connection-age", "90s", "--max-connection-age-grace", "0"}, nil,
			with(defaults, func(c *config) {
				c.connections = serving.Connections{MaxConcurrentStreams: 7, MaxAge: 90 * time.Second}
			})},
		{"connection flags override env", []string{"--max-concurrent-streams=1", "--max-connection-age=0", "--max-connection-age-grace=1h"}, allEnv,
			with(fromEnv, func(c *config) {
				c.connections = serving.Connections{MaxConcurrentStreams: 1, MaxAgeGrace: time.Hour}
			})},
		{"flag clears env", []string{"--corpus", "", "--model", "m.bin"}, allEnv,
			with(fromEnv, func(c *config) { c.corpus, c.modelFile = nil, "m.bin" })},
		{"env corpus list", nil, map[string]string{"TOPICD_CORPUS": list("d1", "d2")},
			with(defaults, func(c *config) { c.corpus = corpusDirs{"d1", "d2"} })},
		{"env corpus list with empty entries", nil, map[string]string{"TOPICD_CORPUS": list("", "d1", "", "d2", "")},
			with(defaults, func(c *config) { c.corpus = corpusDirs{"d1", "d2"} })},
		{"flags replace env corpus list", []string{"--corpus", "x", "--corpus", "y"}, map[string]string{"TOPICD_CORPUS": list("d1", "d2")},
			with(defaults, func(c *config) { c.corpus = corpusDirs{"x", "y"} })},
	} {
		got, err := parseServeFlags(tt.args, env(tt.env), io.Discard)
		if err != nil {
			t.Errorf("parseServeFlags(%q) with env %v: %v", tt.args, tt.env, err)
			continue
		}
		if diff := cmp.Diff(withDefaultBounds(tt.want), got, cmp.AllowUnexported(config{}), cmpopts.IgnoreFields(config{}, "httpAddr")); diff != "" { // see TestParseHTTPAddr
			t.Errorf("parseServeFlags(%q) with env %v (-want +got):\n%s", tt.args, tt.env, diff)
		}
	}
}

func TestParseServeFlagsErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"corpus and model", []string{"--corpus", "dir", "--model", "file"}, nil},
		{"corpus and env model", []string{"--corpus", "dir"}, map[string]string{"TOPICD_MODEL": "file"}},
		{"env corpus and env model", nil, map[string]string{"TOPICD_CORPUS": "dir", "TOPICD_MODEL": "file"}},
		{"zero max-text-bytes", []string{"--max-text-bytes", "0"}, nil},
		{"negative max-batch", []string{"--max-batch", "-1"}, nil},
		{"zero env max-batch", nil, map[string]string{"TOPICD_MAX_BATCH": "0"}},
		{"negative env max-text-bytes", nil, map[string]string{"TOPICD_MAX_TEXT_BYTES": "-5"}},
		{"zero shutdown-timeout", []string{"--shutdown-timeout", "0s"}, nil},
		{"negative env shutdown timeout", nil, map[string]string{"TOPICD_SHUTDOWN_TIMEOUT": "-1s"}},
		{"bad env max-text-bytes", nil, map[string]string{"TOPICD_MAX_TEXT_BYTES": "1MB"}},
		{"bad env max-batch", nil, map[string]string{"TOPICD_MAX_BATCH": "many"}},
		{"bad env shutdown timeout", nil, map[string]string{"TOPICD_SHUTDOWN_TIMEOUT": "10"}},
		{"bad flag number", []string{"--max-batch", "many"}, nil},
		{"bad flag duration", []string{"--shutdown-timeout", "soon"}, nil},
		{"zero max-concurrent-streams", []string{"--max-concurrent-streams", "0"}, nil},
		{"max-concurrent-streams over 32 bits", []string{"--max-concurrent-streams", "4294967296"}, nil},
		{"negative env max concurrent streams", nil, map[string]string{"TOPICD_MAX_CONCURRENT_STREAMS": "-1"}},
		{"negative max-connection-age", []string{"--max-connection-age", "-1s"}, nil},
		{"negative env max connection age grace", nil, map[string]string{"TOPICD_MAX_CONNECTION_AGE_GRACE": "-1s"}},
		{"bad env max connection age", nil, map[string]string{"TOPICD_MAX_CONNECTION_AGE": "5"}},
		{"unknown flag", []string{"--port", "50051"}, nil},
		{"extra argument", []string{"--addr", ":0", "serve"}, nil},
	} {
		if got, err := parseServeFlags(tt.args, env(tt.env), io.Discard); err == nil {
			t.Errorf("parseServeFlags(%q) with env %v = %+v, want an error (%s)", tt.args, tt.env, got, tt.name)
		}
	}
}

// writeCorpus writes a corpus directory of files and returns its path.
func writeCorpus(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRunRefuses checks the settings that make run return an error (and the
// process exit 1) before serving.
func TestRunRefuses(t *testing.T) {
	badCorpus := writeCorpus(t, map[string]string{
		"labels.tsv":  "present.txt\thacktivism\nmissing.txt\tleak\nother.txt\tnot_a_topic\n",
		"present.txt": "Anonymous revendique une attaque DDoS",
		"other.txt":   "Des documents publiés",
	})
	corrupt := filepath.Join(t.TempDir(), "topicd.model")
	if err := os.WriteFile(corrupt, []byte("not a model file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		args     []string
		env      map[string]string
		wantIs   error    // if set, the error wraps it
		wantText []string // the error names each
	}{
		{"bad log format", []string{"--log-format", "xml"}, nil, nil, []string{"xml"}},
		{"bad env log format", nil, map[string]string{"TOPICD_LOG_FORMAT": "yaml"}, nil, []string{"yaml"}},
		{"bad flag", []string{"--max-batch", "0"}, nil, nil, nil},
		{"bad corpus", []string{"--corpus", badCorpus}, nil, corpus.ErrBadCorpus, []string{"missing.txt", "not_a_topic"}},
		{"missing corpus", []string{"--corpus", filepath.Join(badCorpus, "nowhere")}, nil, corpus.ErrBadCorpus, nil},
		{"corrupt model", []string{"--model", corrupt}, nil, modelfile.ErrBadModelFile, nil},
		{"env corrupt model", nil, map[string]string{"TOPICD_MODEL": corrupt}, modelfile.ErrBadModelFile, nil},
		{"missing model", []string{"--model", filepath.Join(badCorpus, "nowhere.model")}, nil, fs.ErrNotExist, nil},
	} {
		args := append([]string{"--addr", "127.0.0.1:0"}, tt.args...)
		err := run(testContext(t), args, env(tt.env), io.Discard, io.Discard)
		if err == nil {
			t.Errorf("run(%q) with env %v = nil, want an error (%s)", args, tt.env, tt.name)
			continue
		}
		if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
			t.Errorf("run(%q) with env %v = %v, want an error wrapping %v", args, tt.env, err, tt.wantIs)
		}
		for _, s := range tt.wantText {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("run(%q) with env %v = %v, want it to name %q", args, tt.env, err, s)
			}
		}
	}
}

// TestRunHelp checks that -h, for every command, prints the command's usage
// and returns flag.ErrHelp, which main treats as success (exit 0).
func TestRunHelp(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		usage string
	}{
		{[]string{"-h"}, "Usage: server [flags]"},
		{[]string{"--help"}, "Usage: server [flags]"},
		{[]string{"train", "-h"}, "Usage: server train"},
		{[]string{"eval", "-h"}, "Usage: server eval"},
		{[]string{"eval", "--help"}, "Usage: server eval"},
		{[]string{"eval", "--folds=0", "-h", "--threshold", "0"}, "Usage: server eval"},
	} {
		var stdout, stderr strings.Builder
		err := run(testContext(t), tt.args, env(map[string]string{"TOPICD_CORPUS": list("d1", "d2")}), &stdout, &stderr)
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("run(%q) = %v, want flag.ErrHelp", tt.args, err)
		}
		if !strings.Contains(stderr.String(), tt.usage) || !strings.Contains(stderr.String(), "-corpus") {
			t.Errorf("run(%q) printed on stderr:\n%s\nwant the usage %q and the flags", tt.args, stderr.String(), tt.usage)
		}
		if stdout.Len() > 0 {
			t.Errorf("run(%q) printed on stdout:\n%s\nwant nothing", tt.args, stdout.String())
		}
	}
}

func TestTrainRefuses(t *testing.T) {
	badCorpus := writeCorpus(t, map[string]string{"labels.tsv": "missing.txt\tleak\n"})
	out := filepath.Join(t.TempDir(), "topicd.model")
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"no out", []string{"train"}, nil},
		{"empty out", []string{"train", "--out", ""}, nil},
		{"extra argument", []string{"train", "--out", out, "extra"}, nil},
		{"unknown flag", []string{"train", "--out", out, "--model", "x"}, nil},
		{"bad corpus", []string{"train", "--corpus", badCorpus, "--out", out}, nil},
		{"bad env corpus", []string{"train", "--out", out}, map[string]string{"TOPICD_CORPUS": badCorpus}},
		{"out in a missing directory", []string{"train", "--out", filepath.Join(out, "nowhere", "m")}, nil},
	} {
		if err := run(testContext(t), tt.args, env(tt.env), io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) with env %v = nil, want an error (%s)", tt.args, tt.env, tt.name)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("failed train runs left %s behind (stat: %v)", out, err)
	}
}

// TestTrainThenServe trains a model file with "train", then serves it with
// --model (or TOPICD_MODEL) on a free port, calls it, and shuts it down.
func TestTrainThenServe(t *testing.T) {
	out := filepath.Join(t.TempDir(), "topicd.model")
	var stdout strings.Builder
	if err := run(testContext(t), []string{"train", "--out", out}, env(nil), &stdout, io.Discard); err != nil {
		t.Fatalf("train: %v", err)
	}
	written, err := modelfile.ReadFile(out)
	if err != nil {
		t.Fatalf("modelfile.ReadFile of the trained file: %v", err)
	}
	// Without --corpus, train uses the default corpus, as serving does.
	def, err := loadModel(nil, "")
	if err != nil {
		t.Fatalf("loading the default model: %v", err)
	}
	want := def.Version()
	if written.Version() != want {
		t.Errorf("trained file has version %s, want %s as trained on the default corpus", written.Version(), want)
	}
	if !strings.Contains(stdout.String(), want) {
		t.Errorf("train printed %q, want it to name the version %s", stdout.String(), want)
	}

	for _, tt := range []struct {
		name   string
		args   []string
		env    map[string]string
		addrRE *regexp.Regexp
	}{
		{"flags", []string{"--addr", "127.0.0.1:0", "--model", out}, nil,
			regexp.MustCompile(`msg=serving addr=(\S+)`)},
		{"env", nil, map[string]string{"TOPICD_ADDR": "127.0.0.1:0", "TOPICD_MODEL": out, "TOPICD_LOG_FORMAT": "json"},
			regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := testContext(t)
			r := startRun(ctx, t, tt.args, tt.env)
			logs := r.logs

			addr := logs.WaitFor(ctx, t, tt.addrRE)[1]
			conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			info, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
			if err != nil {
				t.Fatalf("GetModelInfo: %v", err)
			}
			if info.GetVersion() != want {
				t.Errorf("GetModelInfo().Version = %s, want the trained file's %s", info.GetVersion(), want)
			}

			if err := r.stop(); err != nil {
				t.Errorf("run after its context ended = %v, want nil (exit 0)", err)
			}
		})
	}
}
