package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/modelfile"
)

// TestReloadSIGHUP runs the real binary on a model file, replaces the file
// and sends SIGHUP: the new model answers. Then it corrupts the file and
// sends SIGHUP again: the reload is refused and logged, the model that was
// serving keeps serving, and SIGTERM still stops the server cleanly.
func TestReloadSIGHUP(t *testing.T) {
	ctx := testContext(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "topicd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "topicd.model")
	train := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append([]string{"train", "--out", file}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("train %q: %v\n%s", args, err, out)
		}
		m, err := modelfile.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return m.Version()
	}
	first := train() // the default corpus

	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--model", file, "--log-format", "json")
	logs := servingtest.NewLogBuffer()
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	addr := logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`))[1]
	c, err := client.New(addr, client.WithInsecure())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	version := func() string {
		t.Helper()
		r, err := c.Classify(ctx, "Anonymous hackers leaked thousands of police emails to protest the killing.")
		if err != nil {
			t.Fatal(err)
		}
		return r.ModelVersion
	}
	if got := version(); got != first {
		t.Fatalf("serving %s, want the file's model %s", got, first)
	}

	second := train("--corpus", filepath.Join("..", "seeds")) // the five seed articles
	if second == first {
		t.Fatal("the two model files have the same version")
	}
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"reloaded","model_version":"`+second+`","previous_version":"`+first+`"`))
	if got := version(); got != second {
		t.Errorf("after SIGHUP, serving %s, want the new file's model %s", got, second)
	}

	if err := os.WriteFile(file, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"reload refused; the serving model keeps serving","model_version":"`+second+`","error":"[^"]*bad model file`))
	if got := version(); got != second {
		t.Errorf("after a refused reload, serving %s, want %s still", got, second)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("server exited with %v after SIGTERM, want 0; logs:\n%s", err, logs)
	}
}
