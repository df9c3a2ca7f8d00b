package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/client/internal/clienttest"
)

// startServer serves the seed model on a loopback port and returns its address.
func startServer(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop, err := clienttest.Serve(lis, &clienttest.Service{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return lis.Addr().String()
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
			var sources []string
			dec := json.NewDecoder(strings.NewReader(out))
			for dec.More() {
				var line struct {
					Source string `json:"source"`
					client.Result
				}
				if err := dec.Decode(&line); err != nil {
					t.Fatalf("topicctl %q printed invalid JSON %q: %v", tt.args, out, err)
				}
				if len(line.Scores) != 4 || line.ModelVersion == "" {
					t.Errorf("topicctl %q: result %+v, want 4 scores and a model version", tt.args, line)
				}
				sources = append(sources, line.Source)
			}
			if diff := cmp.Diff(tt.sources, sources); diff != "" {
				t.Errorf("topicctl %q sources (-want +got):\n%s", tt.args, diff)
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
	var mi client.ModelInfo
	if err := json.Unmarshal([]byte(out), &mi); err != nil {
		t.Fatalf("info --json printed %q: %v", out, err)
	}
	if mi.Documents != 5 || len(mi.Topics) != 4 {
		t.Errorf("info = %+v, want 5 documents and 4 topics", mi)
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
