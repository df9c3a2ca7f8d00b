package serving_test

import (
	"errors"
	"io"
	"regexp"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/naivebayes"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// TestReloadUnderLoad reloads the model while clients call without pause:
// no call fails, every response names one of the two models, and once the
// reload is logged every new call is answered by the new model. A reload
// whose load fails is logged and changes nothing.
func TestReloadUnderLoad(t *testing.T) {
	ctx := servingtest.Context(t)
	seedsOnly := servingtest.MustSeedModel(t)
	full, err := servingtest.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	if seedsOnly.Version() == full.Version() {
		t.Fatal("the two models have the same version")
	}
	// Each call of load gives the next of these: a model, or an error.
	steps := []func() (*naivebayes.Model, error){
		func() (*naivebayes.Model, error) { return seedsOnly, nil },
		func() (*naivebayes.Model, error) { return full, nil },
		func() (*naivebayes.Model, error) { return nil, errors.New("corpus on fire") },
		func() (*naivebayes.Model, error) { return seedsOnly, nil },
	}
	var loads atomic.Int32
	load := func() (*naivebayes.Model, error) { return steps[loads.Add(1)-1]() }

	logs := servingtest.NewLogBuffer()
	s := startServe(t, newServer(logs, time.Minute), load)
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"serving"`))
	c := topicdv1.NewClassifierServiceClient(s.conn)
	text := string(mustRead(t, "002_561c1b58466feafd.txt"))

	// Callers that never pause, recording the versions that answered.
	var (
		mu       sync.Mutex
		versions = map[string]int{}
		failures []error
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				r, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text})
				mu.Lock()
				if err != nil {
					failures = append(failures, err)
				} else {
					versions[r.GetModelVersion()]++
				}
				mu.Unlock()
			}
		}()
	}
	answeredBy := func(want string) {
		t.Helper()
		r, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if r.GetModelVersion() != want {
			t.Errorf("after the reload, a call was answered by %s, want %s", r.GetModelVersion(), want)
		}
		info, err := c.GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{})
		if err != nil || info.GetVersion() != want {
			t.Errorf("GetModelInfo after the reload = %v, %v; want version %s", info.GetVersion(), err, want)
		}
	}

	s.srv.Reload() // to the full model
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"reloaded","model_version":"`+full.Version()+`"`))
	answeredBy(full.Version())

	s.srv.Reload() // refused: the full model keeps serving
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"reload refused; the serving model keeps serving","model_version":"`+full.Version()+`","error":"corpus on fire"`))
	answeredBy(full.Version())

	s.srv.Reload() // back to the seeds
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"reloaded","model_version":"`+seedsOnly.Version()+`"`))
	answeredBy(seedsOnly.Version())

	close(stop)
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d calls failed during the reloads; first: %v", len(failures), failures[0])
	}
	for v := range versions {
		if v != seedsOnly.Version() && v != full.Version() {
			t.Errorf("a call was answered by model %q, neither of the two loaded", v)
		}
	}
	if got := loads.Load(); got != int32(len(steps)) {
		t.Errorf("load was called %d times, want %d", got, len(steps))
	}
	t.Logf("calls answered per model version during the reloads: %v", versions)
}

// TestReloadMerges checks that reloads asked for while one is pending are
// merged into it, and that Reload never blocks.
func TestReloadMerges(t *testing.T) {
	srv := newServer(io.Discard, time.Minute)
	for range 100 {
		srv.Reload() // nothing serves yet: the first is pending, the rest merge
	}
	if n := serving.PendingReloads(srv); n != 1 {
		t.Errorf("%d reloads pending after 100 calls of Reload, want 1", n)
	}
}

// TestShutdownUnderLoad stops the server while clients call without pause:
// serve returns nil, and every call either succeeds or, started after the
// stop, is refused with Unavailable; none is cut off with another error.
func TestShutdownUnderLoad(t *testing.T) {
	ctx := servingtest.Context(t)
	logs := servingtest.NewLogBuffer()
	s := startServe(t, newServer(logs, time.Minute),
		func() (*naivebayes.Model, error) { return servingtest.MustSeedModel(t), nil })
	logs.WaitFor(ctx, t, regexp.MustCompile(`"msg":"serving"`))
	c := topicdv1.NewClassifierServiceClient(s.conn)
	text := string(mustRead(t, "002_561c1b58466feafd.txt"))

	var (
		mu     sync.Mutex
		byCode = map[codes.Code]int{}
		wg     sync.WaitGroup
		done   atomic.Bool
	)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				_, err := c.Classify(ctx, &topicdv1.ClassifyRequest{Text: text})
				mu.Lock()
				byCode[status.Code(err)]++
				mu.Unlock()
				if status.Code(err) == codes.Unavailable {
					return // the server is going away
				}
			}
		}()
	}
	// Let calls be in flight, then stop.
	for {
		mu.Lock()
		n := byCode[codes.OK]
		mu.Unlock()
		if n >= 50 {
			break
		}
		runtime.Gosched()
	}
	s.stop()
	select {
	case err := <-s.result:
		if err != nil {
			t.Errorf("serve returned %v after the stop, want nil", err)
		}
	case <-ctx.Done():
		t.Fatal("serve did not return after the stop")
	}
	done.Store(true)
	wg.Wait()
	for code, n := range byCode {
		if code != codes.OK && code != codes.Unavailable {
			t.Errorf("%d calls ended with %v during the shutdown, want only OK or Unavailable", n, code)
		}
	}
	t.Logf("calls by code during the shutdown: %v", byCode)
}
