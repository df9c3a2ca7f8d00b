// Command load measures the served throughput and latency of topicd with
// ghz: it builds and starts the server on a free loopback port, then runs
// ghz (pinned, through the Go module proxy) against Classify on seed article
// 002 and against the health Check of the same server, at each concurrency,
// and prints throughput, p50 and p99, errors, and the Classify/Check ratio.
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

func main() {
	log.SetFlags(0)
	duration := flag.Duration("duration", 10*time.Second, "how long each ghz run lasts")
	conc := flag.String("c", "1,50", "comma-separated concurrencies")
	rounds := flag.Int("rounds", 1, "how many times to run Check then Classify at each concurrency (the medians are printed after)")
	article := flag.String("text", "seeds/002_561c1b58466feafd.txt", "the text file each Classify call sends")
	soak := flag.Bool("soak", false, "run the soak instead: Classify and ClassifyBatch at once at c=100 (or the first -c), sampling memory")
	flag.Parse()
	if *soak && !isFlagSet("duration") {
		*duration = 60 * time.Second
	}

	dir, err := os.MkdirTemp("", "topicd-load")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	text, err := os.ReadFile(*article)
	if err != nil {
		log.Fatalf("%v (run from the repository root)", err)
	}
	req, _ := json.Marshal(map[string]string{"text": string(text)})
	reqFile := filepath.Join(dir, "classify.json")
	if err := os.WriteFile(reqFile, req, 0o644); err != nil {
		log.Fatal(err)
	}
	batch, _ := json.Marshal(map[string][]string{"texts": slices.Repeat([]string{string(text)}, 8)})
	batchFile := filepath.Join(dir, "batch.json")
	if err := os.WriteFile(batchFile, batch, 0o644); err != nil {
		log.Fatal(err)
	}

	log.Printf("building the server and ghz (%s)", ghz)
	bin := filepath.Join(dir, "topicd")
	if out, err := exec.Command("go", "build", "-o", bin, "./server").CombinedOutput(); err != nil {
		log.Fatalf("go build: %v\n%s", err, out)
	}
	ghzBin := filepath.Join(dir, "ghz")
	install := exec.Command("go", "install", ghz) // not a dependency of this module: pinned here
	install.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := install.CombinedOutput(); err != nil {
		log.Fatalf("go install %s: %v\n%s", ghz, err, out)
	}

	srv := exec.Command(bin, "--addr", "127.0.0.1:0", "--log-requests=false")
	stderr, err := srv.StderrPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		log.Fatal(err)
	}
	defer srv.Process.Kill()
	addr := ""
	re := regexp.MustCompile(`msg=serving addr=(\S+)`)
	logs := bufio.NewScanner(stderr)
	for logs.Scan() {
		if m := re.FindStringSubmatch(logs.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	if addr == "" {
		log.Fatal("the server did not start")
	}
	go func() {
		for logs.Scan() {
		}
	}()

	run := func(call string, c int, data ...string) report {
		args := append([]string{"--insecure", "--call", call, "-c", strconv.Itoa(c), "--connections", strconv.Itoa(min(c, 4)),
			"--duration", duration.String(), "--duration-stop", "wait", "--format", "json"}, data...)
		out, err := exec.Command(ghzBin, append(args, addr)...).Output()
		if err != nil {
			log.Fatalf("ghz %s: %v", call, err)
		}
		var r report
		if err := json.Unmarshal(out, &r); err != nil {
			log.Fatalf("ghz %s: %v", call, err)
		}
		return r
	}

	if *soak {
		if !isFlagSet("c") {
			*conc = "100"
		}
		c, err := strconv.Atoi(strings.Split(*conc, ",")[0])
		if err != nil || c < 2 {
			log.Fatalf("-c %q: want a concurrency of 2 or more", *conc)
		}
		fmt.Printf("topicd soak, %d CPUs, %s, %s at c=%d: Classify (c=%d) and ClassifyBatch of 8 texts (c=%d) at once\n\n",
			runtime.NumCPU(), time.Now().Format(time.DateOnly), duration, c, c/2, c-c/2)
		rss := []string{fmt.Sprintf("%.0f", residentMiB(srv.Process.Pid))}
		done := make(chan struct{})
		go func() {
			tick := time.NewTicker(5 * time.Second)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					rss = append(rss, fmt.Sprintf("%.0f", residentMiB(srv.Process.Pid)))
				}
			}
		}()
		var single, batched report
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); single = run("topicd.v1.ClassifierService.Classify", c/2, "-D", reqFile) }()
		go func() {
			defer wg.Done()
			batched = run("topicd.v1.ClassifierService.ClassifyBatch", c-c/2, "-D", batchFile)
		}()
		wg.Wait()
		close(done)
		fmt.Println("| call | requests | req/s | p50 | p99 | errors |")
		fmt.Println("|---|--:|--:|--:|--:|--:|")
		for _, r := range []struct {
			name string
			r    report
		}{{"Classify", single}, {"ClassifyBatch (8 texts)", batched}} {
			fmt.Printf("| %s | %d | %.0f | %s | %s | %d |\n", r.name, r.r.Count, r.r.RPS,
				r.r.percentile(50).Round(time.Microsecond), r.r.percentile(99).Round(time.Microsecond), r.r.errors())
		}
		fmt.Printf("\nserver resident memory (MiB), every 5 s: %s; after the run: %.0f\n", strings.Join(rss, " "), residentMiB(srv.Process.Pid))
		if single.errors()+batched.errors() > 0 {
			os.Exit(1)
		}
		return
	}

	if *rounds < 1 {
		log.Fatalf("-rounds %d: want 1 or more", *rounds)
	}
	host, _ := os.Hostname()
	fmt.Printf("topicd load, %s, %d CPUs, %s, %s per run, Classify of %s (%d bytes)\n\n",
		host, runtime.NumCPU(), time.Now().Format(time.DateOnly), duration, *article, len(text))
	fmt.Println("| call | c | requests | req/s | p50 | p99 | errors | Classify/Check |")
	fmt.Println("|---|--:|--:|--:|--:|--:|--:|--:|")
	type summary struct {
		c             int
		ratios, p99s  []float64
		errors, calls int
	}
	var summaries []summary
	for _, cs := range strings.Split(*conc, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(cs))
		if err != nil || c < 1 {
			log.Fatalf("-c %q: want positive whole numbers", *conc)
		}
		sum := summary{c: c}
		for range *rounds {
			check := run("grpc.health.v1.Health.Check", c, "-d", `{"service":"topicd.v1.ClassifierService"}`)
			classify := run("topicd.v1.ClassifierService.Classify", c, "-D", reqFile)
			row := func(name string, r report, ratio string) {
				fmt.Printf("| %s | %d | %d | %.0f | %s | %s | %d | %s |\n", name, c, r.Count, r.RPS,
					r.percentile(50).Round(time.Microsecond), r.percentile(99).Round(time.Microsecond), r.errors(), ratio)
			}
			row("health Check", check, "")
			row("Classify", classify, fmt.Sprintf("%.2f", classify.RPS/check.RPS))
			sum.ratios = append(sum.ratios, classify.RPS/check.RPS)
			sum.p99s = append(sum.p99s, float64(classify.percentile(99)))
			sum.errors += check.errors() + classify.errors()
			sum.calls += int(check.Count + classify.Count)
		}
		summaries = append(summaries, sum)
	}
	if *rounds > 1 {
		fmt.Printf("\nover %d rounds:\n\n", *rounds)
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
