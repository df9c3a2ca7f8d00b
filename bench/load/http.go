package main

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

// httpClassify calls POST /v1/classify on the server's HTTP API at base
// (http://host:port) with the JSON request in reqFile, from c goroutines
// for d, each waiting for its answer before the next call, as ghz does; it
// returns the same report as ghz's. A call is an error unless answered 200.
func httpClassify(base, reqFile string, c int, d time.Duration) report {
	body, err := os.ReadFile(reqFile)
	if err != nil {
		log.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c}}
	defer client.CloseIdleConnections()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      = map[string]int{}
		wg        sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for range c {
		wg.Go(func() {
			var mine []time.Duration
			mineErrs := map[string]int{}
			for time.Now().Before(deadline) {
				t := time.Now()
				resp, err := client.Post(base+"/v1/classify", "application/json", bytes.NewReader(body))
				if err != nil {
					mineErrs[err.Error()]++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					mineErrs[resp.Status]++
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, mine...)
			for k, v := range mineErrs {
				errs[k] += v
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	r := report{Count: int64(len(latencies)), RPS: float64(len(latencies)) / elapsed.Seconds(), Errors: errs}
	for _, p := range []int{50, 99} {
		if n := len(latencies); n > 0 {
			r.Latency = append(r.Latency, struct {
				Percentage int   `json:"percentage"`
				Latency    int64 `json:"latency"`
			}{p, int64(latencies[min(n-1, n*p/100)])})
		}
	}
	return r
}
