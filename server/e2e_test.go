package main

import (
	"bufio"
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/seeds"
)

// TestEndToEnd builds the real server binary, starts it on port 0, and talks
// to it through the client package, health and reflection, then stops it
// with SIGTERM and expects a clean exit.
func TestEndToEnd(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "topicd")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// Asking for help prints the usage and is no failure; a bad flag is.
	if out, err := exec.Command(bin, "-h").CombinedOutput(); err != nil || !strings.Contains(string(out), "-corpus") {
		t.Errorf("topicd -h: %v, output:\n%s\nwant exit 0 and the usage", err, out)
	}
	if out, err := exec.Command(bin, "--no-such-flag").CombinedOutput(); err == nil {
		t.Errorf("topicd --no-such-flag exited 0, want a failure; output:\n%s", out)
	}

	cmd := exec.Command(bin, "--addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })

	// The server logs its bound address once the model is ready.
	logs := bufio.NewScanner(stderr)
	addrRE := regexp.MustCompile(`msg=serving addr=(\S+)`)
	var addr string
	var logged []string
	for logs.Scan() {
		logged = append(logged, logs.Text())
		if m := addrRE.FindStringSubmatch(logs.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	if addr == "" {
		t.Fatalf("server exited without logging its address; logs:\n%s", strings.Join(logged, "\n"))
	}
	rest := make(chan []string, 1)
	go func() {
		var lines []string
		for logs.Scan() {
			lines = append(lines, logs.Text())
		}
		rest <- lines
	}()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	c, err := client.New(addr, client.WithInsecure())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	corpus, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range corpus.Documents {
		r, err := c.Classify(ctx, d.Text)
		if err != nil {
			t.Fatalf("Classify(%s): %v", d.ID, err)
		}
		got := slices.Sorted(slices.Values(r.Topics))
		if diff := cmp.Diff(d.Topics, got); diff != "" {
			t.Errorf("Classify(%s) topics (-want +got):\n%s", d.ID, diff)
		}
		if len(r.Scores) != 4 {
			t.Errorf("Classify(%s) gave %d scores, want 4", d.ID, len(r.Scores))
		}
	}
	if _, err := c.Classify(ctx, ""); status.Code(err) != codes.InvalidArgument {
		t.Errorf("Classify(\"\") error = %v, want code InvalidArgument", err)
	}
	const text = "Anonymous revendique une attaque DDoS contre des sites gouvernementaux"
	r, err := c.Classify(ctx, text, client.WithThreshold(0.9), client.WithExplain())
	if err != nil {
		t.Fatalf("Classify(%q, WithThreshold(0.9), WithExplain()): %v", text, err)
	}
	if r.Threshold != 0.9 || !slices.ContainsFunc(r.Scores, func(s client.Score) bool { return len(s.Evidence) > 0 }) {
		t.Errorf("Classify(%q, WithThreshold(0.9), WithExplain()) = %+v, want threshold 0.9 and evidence", text, r)
	}
	if _, err := c.Classify(ctx, text, client.WithThreshold(0)); status.Code(err) != codes.InvalidArgument {
		t.Errorf("Classify(%q, WithThreshold(0)) error = %v, want code InvalidArgument", text, err)
	}
	info, err := c.ModelInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := model.Topics(); !slices.Equal(info.Topics, want) {
		t.Errorf("ModelInfo().Topics = %v, want %v", info.Topics, want)
	}

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	hc, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: service.Name})
	if err != nil || hc.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health Check(%s) = %v, %v; want SERVING", service.Name, hc, err)
	}
	if got, want := servingtest.ListServices(ctx, t, conn), []string{
		"grpc.health.v1.Health",
		"grpc.reflection.v1.ServerReflection",
		"grpc.reflection.v1alpha.ServerReflection",
		"topicd.v1.ClassifierService",
	}; !slices.Equal(got, want) {
		t.Errorf("reflection ListServices = %v, want %v", got, want)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Read the logs to their end before Wait, which closes the pipe and
	// would drop what is still unread, such as the stop line.
	lines := <-rest
	if err := cmd.Wait(); err != nil {
		t.Errorf("server exit after SIGTERM: %v, want exit status 0", err)
	}
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, "msg=stopped") }) {
		t.Errorf("server logs lack the stop line:\n%s", strings.Join(lines, "\n"))
	}
}
