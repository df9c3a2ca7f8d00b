package main

import (
	"context"
	"maps"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/client"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/corpus"
	"github.com/seed134e4861/topicd/seeds"
)

// TestReplicas starts three server processes of the real binary on
// loopback, each training its own model, and checks that:
//
//   - they answer identically: the same model version, topics, scores and
//     evidence for every seed text, and the same ModelInfo;
//   - a client of all three (client.NewMulti) spreads calls over them;
//   - when one of them is killed (SIGKILL, no goodbye) in the middle of a
//     steady stream of calls from several goroutines, no call fails: the
//     calls it was answering are tried again elsewhere, and the client stops
//     sending it calls;
//   - the two survivors then answer all the calls, each a share of them.
//
// Which process answered each call comes from the client side: the peer
// address of the call (grpc.Peer).
func TestReplicas(t *testing.T) {
	ctx := testContext(t)
	bin := buildServer(t)
	replicas := make([]*serverProcess, 3)
	addrs := make([]string, len(replicas))
	for i := range replicas {
		replicas[i] = startServerProcess(t, bin)
	}
	for i, p := range replicas {
		addrs[i] = p.waitServing(ctx, t)
	}

	corpus, err := corpus.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(corpus.Documents))
	for i, d := range corpus.Documents {
		texts[i] = d.Text
	}
	checkIdentical(ctx, t, addrs, texts)

	// The load: goroutines calling Classify through one client of all three
	// replicas, until stopped. Each call started after the kill is counted
	// apart.
	var (
		tally  = newCallTally()
		killed atomic.Bool
		stop   atomic.Bool
		wg     sync.WaitGroup
	)
	retried := &failedAttempts{}
	c, err := client.NewMulti(addrs, client.WithInsecure(), client.WithDialOptions(
		grpc.WithChainUnaryInterceptor(recordPeer),
		grpc.WithStatsHandler(retried),
	))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const workers = 8
	for w := range workers {
		wg.Go(func() {
			for i := w; !stop.Load(); i++ {
				after := killed.Load()
				var answeredBy string
				_, err := c.Classify(withPeerRecorder(ctx, &answeredBy), texts[i%len(texts)])
				tally.add(answeredBy, after, err)
			}
		})
	}
	defer func() {
		stop.Store(true)
		wg.Wait()
	}()

	// Every replica takes a share of the load.
	const enough = 200
	tally.waitUntil(ctx, t, func(before, _ map[string]int) bool {
		for _, a := range addrs {
			if before[a] < enough {
				return false
			}
		}
		return true
	})

	// Kill one while the calls go on. Once Wait has returned, the process is
	// gone: no call started after that can reach it.
	victim := replicas[1]
	if err := victim.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-victim.exited
	killed.Store(true)

	// The survivors take all the load, each a share of it.
	survivors := []string{addrs[0], addrs[2]}
	tally.waitUntil(ctx, t, func(_, after map[string]int) bool {
		for _, a := range survivors {
			if after[a] < enough {
				return false
			}
		}
		return true
	})
	stop.Store(true)
	wg.Wait()

	before, after, failures := tally.results()
	t.Logf("calls answered before the kill: %v; after: %v; attempts that failed and were tried again: %d", before, after, retried.n.Load())
	for _, err := range failures {
		t.Errorf("call failed: %v (code %v)", err, status.Code(err))
	}
	if after[victim.addr] != 0 {
		t.Errorf("the killed replica %s answered %d calls started after its death", victim.addr, after[victim.addr])
	}
	for a, n := range after {
		if a != survivors[0] && a != survivors[1] {
			t.Errorf("%d calls after the kill were answered by %q, want only the survivors %v", n, a, survivors)
		}
	}
}

// checkIdentical checks that the servers at addrs, asked one by one, give
// the same answers: the same model and the same result for every text.
func checkIdentical(ctx context.Context, t *testing.T, addrs, texts []string) {
	t.Helper()
	answers := make([][]client.Result, len(addrs))
	infos := make([]client.ModelInfo, len(addrs))
	for i, addr := range addrs {
		c, err := client.New(addr, client.WithInsecure())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if infos[i], err = c.ModelInfo(ctx); err != nil {
			t.Fatalf("ModelInfo from %s: %v", addr, err)
		}
		for _, text := range texts {
			r, err := c.Classify(ctx, text, client.WithExplain())
			if err != nil {
				t.Fatalf("Classify(%.30q, WithExplain()) on %s: %v", text, addr, err)
			}
			answers[i] = append(answers[i], r)
		}
	}
	for i := 1; i < len(addrs); i++ {
		if diff := cmp.Diff(infos[0], infos[i]); diff != "" {
			t.Errorf("ModelInfo differs between %s and %s (-first +other):\n%s", addrs[0], addrs[i], diff)
		}
		for j, text := range texts {
			if diff := cmp.Diff(answers[0][j], answers[i][j]); diff != "" {
				t.Errorf("Classify(%.30q, WithExplain()) differs between %s and %s (-first +other):\n%s", text, addrs[0], addrs[i], diff)
			}
		}
	}
}

// buildServer builds the server binary into a directory of the test.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "topicd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serverProcess is a server started by startServerProcess.
type serverProcess struct {
	cmd    *exec.Cmd
	addr   string                 // where it serves
	logs   *servingtest.LogBuffer // what it logged
	exited chan struct{}          // closed once it has exited
}

// startServerProcess starts the server binary bin on a free loopback port.
// The process is killed at the end of the test.
func startServerProcess(t *testing.T, bin string) *serverProcess {
	t.Helper()
	p := &serverProcess{
		cmd:    exec.Command(bin, "--addr", "127.0.0.1:0", "--log-format", "text"),
		logs:   servingtest.NewLogBuffer(),
		exited: make(chan struct{}),
	}
	// The logs are read as they come (the server may log every call, and
	// would block on a full pipe).
	p.cmd.Stderr = p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	return p
}

// waitServing waits until p serves, and returns its address. It fails the
// test if p exits or ctx ends first.
func (p *serverProcess) waitServing(ctx context.Context, t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-p.exited: // stop waiting for a line that will not come
			cancel()
		case <-ctx.Done():
		}
	}()
	p.addr = p.logs.WaitFor(ctx, t, regexp.MustCompile(`msg=serving addr=(\S+)`))[1]
	return p.addr
}

// peerKey is the context key of the string in which recordPeer writes the
// address of the server that answered a call.
type peerKey struct{}

func withPeerRecorder(ctx context.Context, addr *string) context.Context {
	return context.WithValue(ctx, peerKey{}, addr)
}

// recordPeer is a client interceptor that writes the address of the server
// that answered a call (the last attempt's) where withPeerRecorder asks.
func recordPeer(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	addr, ok := ctx.Value(peerKey{}).(*string)
	if !ok {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	var p peer.Peer
	err := invoker(ctx, method, req, reply, cc, append(opts, grpc.Peer(&p))...)
	if p.Addr != nil {
		*addr = p.Addr.String()
	}
	return err
}

// failedAttempts is a client stats handler counting the attempts of calls
// that failed: with retries, a call can succeed after a failed attempt.
type failedAttempts struct{ n atomic.Int64 }

func (f *failedAttempts) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context { return ctx }
func (f *failedAttempts) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return ctx
}
func (f *failedAttempts) HandleConn(context.Context, stats.ConnStats) {}
func (f *failedAttempts) HandleRPC(_ context.Context, s stats.RPCStats) {
	if end, ok := s.(*stats.End); ok && end.Error != nil {
		f.n.Add(1)
	}
}

// callTally counts calls by the address of the server that answered them,
// apart for those started before and after the kill, and keeps the errors
// of failed calls. A test can wait, without sleeping, until the counts
// reach some condition.
type callTally struct {
	mu            sync.Mutex
	before, after map[string]int
	failures      []error
	changed       chan struct{} // closed and replaced at each add
}

func newCallTally() *callTally {
	return &callTally{before: map[string]int{}, after: map[string]int{}, changed: make(chan struct{})}
}

func (c *callTally) add(addr string, afterKill bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case err != nil:
		c.failures = append(c.failures, err)
	case afterKill:
		c.after[addr]++
	default:
		c.before[addr]++
	}
	close(c.changed)
	c.changed = make(chan struct{})
}

// waitUntil waits until done holds of the counts, and fails the test if a
// call fails or ctx ends first.
func (c *callTally) waitUntil(ctx context.Context, t *testing.T, done func(before, after map[string]int) bool) {
	t.Helper()
	for {
		c.mu.Lock()
		ok, failures, changed := done(c.before, c.after), len(c.failures), c.changed
		c.mu.Unlock()
		if failures > 0 {
			_, _, errs := c.results()
			t.Fatalf("%d calls failed, the first with %v (code %v)", failures, errs[0], status.Code(errs[0]))
		}
		if ok {
			return
		}
		select {
		case <-changed:
		case <-ctx.Done():
			before, after, _ := c.results()
			t.Fatalf("gave up waiting (%v): calls answered before the kill: %v; after: %v", ctx.Err(), before, after)
		}
	}
}

// results returns copies of the counts and failures.
func (c *callTally) results() (before, after map[string]int, failures []error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.before), maps.Clone(c.after), slices.Clone(c.failures)
}
