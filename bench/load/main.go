// Command load measures the served throughput and latency of topicd with
// ghz: it builds and starts the server on a free loopback port, then runs
// ghz (pinned, through the Go module proxy) against Classify on seed article
// 002 and against the health Check of the same server, at each concurrency,
// and prints throughput, p50 and p99, errors, and the Classify/Check ratio;
// then the same Classify through the HTTP/JSON API (POST /v1/classify), from
// a Go loop of as many clients (http.go).
//
// Run it from the repository root:
//
//	go run ./bench/load                    # 10 s per run, at c=1 and c=50
//	go run ./bench/load -duration 60s -c 1,50,100
//	go run ./bench/load -rounds 5              # each pair 5 times, then the medians
//	go run ./bench/load -soak              # 60 s at c=100, Classify and ClassifyBatch mixed
//
// The soak runs two ghz at once for -duration (60 s unless set), half the
// concurrency each: one calling Classify, one ClassifyBatch with 8 texts, and
// samples the server's resident memory every 5 s; it prints the errors and
// the memory over time, which must stop growing.
//
// ghz shares the machine with the server, so compare Classify with Check in
// the same run, not across machines or runs.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

const ghz = "github.com/bojand/ghz/cmd/ghz@v0.121.0"

// report is the part of ghz's JSON report read here.
type report struct {
	Count   int64   `json:"count"`
	RPS     float64 `json:"rps"`
	Latency []struct {
		Percentage int   `json:"percentage"`
		Latency    int64 `json:"latency"` // ns
	} `json:"latencyDistribution"`
	Errors map[string]int `json:"errorDistribution"`
}

func (r report) percentile(p int) time.Duration {
	for _, l := range r.Latency {
		if l.Percentage == p {
			return time.Duration(l.Latency)
		}
	}
	return 0
}

func (r report) errors() int {
	n := 0
	for _, c := range r.Errors {
		n += c
	}
	return n
}

// settings are the command's flags.
type settings struct {
	duration time.Duration
	conc     string
	rounds   int
	article  string
	soak     bool
}

func main() {
	log.SetFlags(0)
	set := parseFlags()
	dir, err := os.MkdirTemp("", "topicd-load")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	text, err := os.ReadFile(set.article)
	if err != nil {
		log.Fatalf("%v (run from the repository root)", err)
	}
	reqFile, batchFile := writeRequests(dir, string(text))
	bin, ghzBin := build(dir)
	srv, addr, httpURL := startServer(bin)
	defer srv.Process.Kill()
	g := ghzRunner{bin: ghzBin, addr: addr, httpURL: httpURL, duration: set.duration}
	if set.soak {
		runSoak(g, set, srv.Process.Pid, reqFile, batchFile)
		return
	}
	runLoad(g, set, reqFile, len(text))
}

// parseFlags parses the command line; the soak lasts 60 s unless -duration
// says otherwise.
func parseFlags() settings {
	var set settings
	flag.DurationVar(&set.duration, "duration", 10*time.Second, "how long each ghz run lasts")
	flag.StringVar(&set.conc, "c", "1,50", "comma-separated concurrencies")
	flag.IntVar(&set.rounds, "rounds", 1, "how many times to run Check then Classify at each concurrency (the medians are printed after)")
	flag.StringVar(&set.article, "text", "seeds/002_561c1b58466feafd.txt", "the text file each Classify call sends")
	flag.BoolVar(&set.soak, "soak", false, "run the soak instead: Classify and ClassifyBatch at once at c=100 (or the first -c), sampling memory")
	flag.Parse()
	if set.soak && !isFlagSet("duration") {
		set.duration = 60 * time.Second
	}
	return set
}

// writeRequests writes the JSON requests ghz sends, a Classify of text and a
// ClassifyBatch of 8 copies of it, into dir, and returns their files.
func writeRequests(dir, text string) (reqFile, batchFile string) {
	req, _ := json.Marshal(map[string]string{"text": text})
	reqFile = filepath.Join(dir, "classify.json")
	if err := os.WriteFile(reqFile, req, 0o644); err != nil {
		log.Fatal(err)
	}
	batch, _ := json.Marshal(map[string][]string{"texts": slices.Repeat([]string{text}, 8)})
	batchFile = filepath.Join(dir, "batch.json")
	if err := os.WriteFile(batchFile, batch, 0o644); err != nil {
		log.Fatal(err)
	}
	return reqFile, batchFile
}

// build builds the server and installs ghz into dir, and returns their
// binaries.
func build(dir string) (bin, ghzBin string) {
	log.Printf("building the server and ghz (%s)", ghz)
	bin = filepath.Join(dir, "topicd")
	if out, err := exec.Command("go", "build", "-o", bin, "./server").CombinedOutput(); err != nil {
		log.Fatalf("go build: %v\n%s", err, out)
	}
	ghzBin = filepath.Join(dir, "ghz")
	install := exec.Command("go", "install", ghz) // not a dependency of this module: pinned here
	install.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := install.CombinedOutput(); err != nil {
		log.Fatalf("go install %s: %v\n%s", ghz, err, out)
	}
	return bin, ghzBin
}

// startServer starts the server binary on free loopback ports, without
// request logs, and returns it, the gRPC address it logged, and the base
// URL of its HTTP API.
func startServer(bin string) (*exec.Cmd, string, string) {
	srv := exec.Command(bin, "--addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0", "--log-requests=false")
	stderr, err := srv.StderrPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		log.Fatal(err)
	}
	addr, httpAddr := "", ""
	re := regexp.MustCompile(`msg=serving addr=(\S+)`)
	httpRE := regexp.MustCompile(`msg="serving HTTP" addr=(\S+)`)
	logs := bufio.NewScanner(stderr)
	for logs.Scan() {
		if m := httpRE.FindStringSubmatch(logs.Text()); m != nil {
			httpAddr = m[1]
		}
		if m := re.FindStringSubmatch(logs.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	if addr == "" {
		srv.Process.Kill()
		log.Fatal("the server did not start")
	}
	go func() {
		for logs.Scan() {
		}
	}()
	return srv, addr, "http://" + httpAddr
}

// ghzRunner runs ghz against the server at addr.
type ghzRunner struct {
	bin, addr string
	httpURL   string // the HTTP API's base URL
	duration  time.Duration
}

// run calls call at concurrency c for the runner's duration, with the
// request data flags, and returns ghz's report.
func (g ghzRunner) run(call string, c int, data ...string) report {
	args := append([]string{"--insecure", "--call", call, "-c", strconv.Itoa(c), "--connections", strconv.Itoa(min(c, 4)),
		"--duration", g.duration.String(), "--duration-stop", "wait", "--format", "json"}, data...)
	out, err := exec.Command(g.bin, append(args, g.addr)...).Output()
	if err != nil {
		log.Fatalf("ghz %s: %v", call, err)
	}
	var r report
	if err := json.Unmarshal(out, &r); err != nil {
		log.Fatalf("ghz %s: %v", call, err)
	}
	return r
}

// runSoak runs Classify and ClassifyBatch at once, half the concurrency
// each, sampling the server's memory every 5 s, and prints both and the
// memory; it exits 1 if any call failed.
func runSoak(g ghzRunner, set settings, pid int, reqFile, batchFile string) {
	if !isFlagSet("c") {
		set.conc = "100"
	}
	c, err := strconv.Atoi(strings.Split(set.conc, ",")[0])
	if err != nil || c < 2 {
		log.Fatalf("-c %q: want a concurrency of 2 or more", set.conc)
	}
	fmt.Printf("topicd soak, %d CPUs, %s, %s at c=%d: Classify (c=%d) and ClassifyBatch of 8 texts (c=%d) at once\n\n",
		runtime.NumCPU(), time.Now().Format(time.DateOnly), g.duration, c, c/2, c-c/2)
	stopSampling := sampleMemory(pid)
	var single, batched report
	var wg sync.WaitGroup
	wg.Go(func() { single = g.run("topicd.v1.ClassifierService.Classify", c/2, "-D", reqFile) })
	wg.Go(func() { batched = g.run("topicd.v1.ClassifierService.ClassifyBatch", c-c/2, "-D", batchFile) })
	wg.Wait()
	samples := stopSampling()
	fmt.Println("| call | requests | req/s | p50 | p99 | errors |")
	fmt.Println("|---|--:|--:|--:|--:|--:|")
	for _, r := range []struct {
		name string
		r    report
	}{{"Classify", single}, {"ClassifyBatch (8 texts)", batched}} {
		fmt.Printf("| %s | %d | %.0f | %s | %s | %d |\n", r.name, r.r.Count, r.r.RPS,
			r.r.percentile(50).Round(time.Microsecond), r.r.percentile(99).Round(time.Microsecond), r.r.errors())
	}
	fmt.Printf("\nserver resident memory (MiB), every 5 s: %s; after the run: %.0f\n", strings.Join(samples, " "), residentMiB(pid))
	if single.errors()+batched.errors() > 0 {
		os.Exit(1)
	}
}

// sampleMemory samples the resident memory of process pid now and every
// 5 s until the returned function is called, which returns the samples.
func sampleMemory(pid int) (stop func() []string) {
	rss := []string{fmt.Sprintf("%.0f", residentMiB(pid))}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				rss = append(rss, fmt.Sprintf("%.0f", residentMiB(pid)))
			}
		}
	}()
	return func() []string {
		close(done)
		<-stopped
		return rss
	}
}

// summary is what the rounds at one concurrency gave.
type summary struct {
	c             int
	ratios, p99s  []float64
	errors, calls int
}

// runLoad runs health Check then Classify, -rounds times at each
// concurrency, printing a row per run, then the medians over the rounds.
func runLoad(g ghzRunner, set settings, reqFile string, textBytes int) {
	if set.rounds < 1 {
		log.Fatalf("-rounds %d: want 1 or more", set.rounds)
	}
	host, _ := os.Hostname()
	fmt.Printf("topicd load, %s, %d CPUs, %s, %s per run, Classify of %s (%d bytes)\n\n",
		host, runtime.NumCPU(), time.Now().Format(time.DateOnly), g.duration, set.article, textBytes)
	fmt.Println("| call | c | requests | req/s | p50 | p99 | errors | Classify/Check |")
	fmt.Println("|---|--:|--:|--:|--:|--:|--:|--:|")
	var summaries []summary
	for _, cs := range strings.Split(set.conc, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(cs))
		if err != nil || c < 1 {
			log.Fatalf("-c %q: want positive whole numbers", set.conc)
		}
		summaries = append(summaries, runRounds(g, c, set.rounds, reqFile))
	}
	if set.rounds > 1 {
		printMedians(set.rounds, summaries)
	}
}

// runRounds runs health Check then Classify rounds times at concurrency c,
// printing a row for each run.
func runRounds(g ghzRunner, c, rounds int, reqFile string) summary {
	sum := summary{c: c}
	for range rounds {
		check := g.run("grpc.health.v1.Health.Check", c, "-d", `{"service":"topicd.v1.ClassifierService"}`)
		classify := g.run("topicd.v1.ClassifierService.Classify", c, "-D", reqFile)
		row := func(name string, r report, ratio string) {
			fmt.Printf("| %s | %d | %d | %.0f | %s | %s | %d | %s |\n", name, c, r.Count, r.RPS,
				r.percentile(50).Round(time.Microsecond), r.percentile(99).Round(time.Microsecond), r.errors(), ratio)
		}
		row("health Check", check, "")
		row("Classify", classify, fmt.Sprintf("%.2f", classify.RPS/check.RPS))
		overHTTP := httpClassify(g.httpURL, reqFile, c, g.duration)
		row("HTTP POST /v1/classify", overHTTP, fmt.Sprintf("%.2f", overHTTP.RPS/check.RPS))
		sum.errors += overHTTP.errors()
		sum.calls += int(overHTTP.Count)
		sum.ratios = append(sum.ratios, classify.RPS/check.RPS)
		sum.p99s = append(sum.p99s, float64(classify.percentile(99)))
		sum.errors += check.errors() + classify.errors()
		sum.calls += int(check.Count + classify.Count)
	}
	return sum
}

// printMedians prints, for each concurrency, the median and range of the
// Classify/Check ratio and of Classify's p99 over the rounds.
func printMedians(rounds int, summaries []summary) {
	fmt.Printf("\nover %d rounds:\n\n", rounds)
	fmt.Println("| c | Classify/Check, median (min-max) | Classify p99, median (min-max) | errors |")
	fmt.Println("|--:|--:|--:|--:|")
	for _, s := range summaries {
		fmt.Printf("| %d | %.2f (%.2f-%.2f) | %s (%s-%s) | %d of %d calls |\n", s.c,
			median(s.ratios), slices.Min(s.ratios), slices.Max(s.ratios),
			time.Duration(median(s.p99s)).Round(time.Microsecond),
			time.Duration(slices.Min(s.p99s)).Round(time.Microsecond),
			time.Duration(slices.Max(s.p99s)).Round(time.Microsecond), s.errors, s.calls)
	}
}

// median returns the median of xs, which is not empty.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

func isFlagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// residentMiB reads a process's resident memory from /proc (Linux).
func residentMiB(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
