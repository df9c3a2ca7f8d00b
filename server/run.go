package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/seed134e4861/topicd/internal/probe"
	"github.com/seed134e4861/topicd/internal/service"
	"github.com/seed134e4861/topicd/internal/serving"
	"github.com/seed134e4861/topicd/internal/serving/metrics"
	"github.com/seed134e4861/topicd/internal/serving/security"
	"github.com/seed134e4861/topicd/internal/telemetry"
	"github.com/seed134e4861/topicd/model/modelfile"
	"github.com/seed134e4861/topicd/model/naivebayes"
)

// config holds the server's settings, from flags that default to environment
// variables.
type config struct {
	addr            string
	corpus          corpusDirs
	modelFile       string
	limits          service.Config
	shutdownTimeout time.Duration
	logFormat       string
	logRequests     bool
	metricsAddr     string
	httpAddr        string
	connections     serving.Connections
	admission       serving.Admission
	security        security.Files
}

// run parses args and runs the command they name: "train", or by default
// the server, until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "train":
			return runTrain(args[1:], getenv, stdout, stderr)
		case "eval":
			return runEval(args[1:], getenv, stdout, stderr)
		case "probe":
			return probe.Run(ctx, args[1:], getenv, stdout, stderr)
		case "version", "-version", "--version":
			return printVersion(stdout)
		}
	}
	cfg, err := parseServeFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger, err := newLogger(cfg.logFormat, stderr)
	if err != nil {
		return err
	}
	sec, err := security.Load(cfg.security)
	if err != nil {
		return err
	}
	lis, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	metrics, stopMetrics, err := metrics.StartMetrics(cfg.metricsAddr, logger)
	if err != nil {
		lis.Close()
		return err
	}
	defer stopMetrics() // once the gRPC server has stopped
	tracer, stopTracing, err := telemetry.Start(ctx, getenv, stderr)
	if err != nil {
		lis.Close()
		return err
	}
	defer stopTracing() // once the server has stopped: flushes the last spans
	srv := serving.New(serving.Config{
		Limits:          cfg.limits,
		Connections:     cfg.connections,
		Security:        sec,
		Metrics:         metrics,
		Admission:       cfg.admission,
		LogRequests:     cfg.logRequests,
		ShutdownTimeout: cfg.shutdownTimeout,
		TracerProvider:  tracer,
	}, logger)
	if err := addHTTP(srv, cfg.httpAddr); err != nil { // see callers.go
		lis.Close()
		return err
	}
	sec.LogStart(logger)
	// SIGHUP reloads the model, and the TLS and token files (see
	// serving.Server.Reload).
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer func() {
		signal.Stop(hup)
		close(hup)
	}()
	go func() {
		for range hup {
			srv.Reload()
		}
	}()
	return srv.Serve(ctx, lis, func() (*naivebayes.Model, error) { return loadModel(cfg.corpus, cfg.modelFile) })
}

func parseServeFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: server [flags]\n       server train [flags]\n       server eval [flags]\n       server probe [flags]\n       server --version\n\nServes topicd's ClassifierService over gRPC (and HTTP/JSON). Each flag defaults to the environment variable named in brackets.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var cfg config
	fs.StringVar(&cfg.addr, "addr", envOr(getenv, "TOPICD_ADDR", "localhost:50051"), "`host:port` to listen on; port 0 picks a free port [TOPICD_ADDR]")
	addCorpusFlag(fs, &cfg.corpus, getenv, "train at start on the corpus in `dir` (labels.tsv and text files) instead of the embedded seeds and supplement")
	fs.StringVar(&cfg.modelFile, "model", getenv("TOPICD_MODEL"), "serve the model `file` written by \"server train\" [TOPICD_MODEL]")
	maxText, err := envInt(getenv, "TOPICD_MAX_TEXT_BYTES", 1<<20)
	if err != nil {
		return config{}, err
	}
	maxBatch, err := envInt(getenv, "TOPICD_MAX_BATCH", 256)
	if err != nil {
		return config{}, err
	}
	timeout, err := envDuration(getenv, "TOPICD_SHUTDOWN_TIMEOUT", 10*time.Second)
	if err != nil {
		return config{}, err
	}
	fs.IntVar(&cfg.limits.MaxTextBytes, "max-text-bytes", maxText, "largest text accepted, in bytes [TOPICD_MAX_TEXT_BYTES]")
	fs.IntVar(&cfg.limits.MaxBatch, "max-batch", maxBatch, "most texts accepted in one ClassifyBatch call [TOPICD_MAX_BATCH]")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", timeout, "how long in-flight calls may take to finish at shutdown [TOPICD_SHUTDOWN_TIMEOUT]")
	fs.StringVar(&cfg.logFormat, "log-format", envOr(getenv, "TOPICD_LOG_FORMAT", "text"), "log format: text or json [TOPICD_LOG_FORMAT]")
	logRequests, err := envBool(getenv, "TOPICD_LOG_REQUESTS", true)
	if err != nil {
		return config{}, err
	}
	fs.BoolVar(&cfg.logRequests, "log-requests", logRequests, "log every call as it finishes, with its method, code, duration and text length (never the text); false logs only failures [TOPICD_LOG_REQUESTS]")
	fs.StringVar(&cfg.metricsAddr, "metrics-addr", getenv("TOPICD_METRICS_ADDR"), "serve Prometheus metrics over HTTP at /metrics on `host:port`, such as localhost:9090; port 0 picks a free port; empty: no metrics [TOPICD_METRICS_ADDR]")
	fs.StringVar(&cfg.httpAddr, "http-addr", envOr(getenv, "TOPICD_HTTP_ADDR", "localhost:8080"), "also serve the API as HTTP/JSON (POST /v1/classify, POST /v1/classify:batch, GET /v1/model, GET /openapi.json) on `host:port`, with the same TLS, token and limits; port 0 picks a free port; empty: no HTTP [TOPICD_HTTP_ADDR]")
	addSecurityFlags(fs, &cfg.security, getenv)
	checkBounds, err := serving.AddBoundFlags(fs, getenv, serving.Bounds{Limits: &cfg.limits, Admission: &cfg.admission, Connections: &cfg.connections})
	if err != nil {
		return config{}, err
	}
	maxStreams, err := envInt(getenv, "TOPICD_MAX_CONCURRENT_STREAMS", 100)
	if err != nil {
		return config{}, err
	}
	maxAge, err := envDuration(getenv, "TOPICD_MAX_CONNECTION_AGE", 5*time.Minute)
	if err != nil {
		return config{}, err
	}
	maxAgeGrace, err := envDuration(getenv, "TOPICD_MAX_CONNECTION_AGE_GRACE", 30*time.Second)
	if err != nil {
		return config{}, err
	}
	fs.IntVar(&maxStreams, "max-concurrent-streams", maxStreams, "most calls in flight on one client connection; more wait on the client [TOPICD_MAX_CONCURRENT_STREAMS]")
	fs.DurationVar(&cfg.connections.MaxAge, "max-connection-age", maxAge, "close each client connection gracefully after about this long, so that long-lived clients reconnect and spread over the replicas; 0: never [TOPICD_MAX_CONNECTION_AGE]")
	fs.DurationVar(&cfg.connections.MaxAgeGrace, "max-connection-age-grace", maxAgeGrace, "how long calls in flight on a connection past --max-connection-age may take to finish; 0: no limit [TOPICD_MAX_CONNECTION_AGE_GRACE]")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q (see -h)", fs.Arg(0))
	}
	if len(cfg.corpus) > 0 && cfg.modelFile != "" {
		return config{}, errors.New("--corpus and --model exclude each other: train a model file with \"server train\" instead")
	}
	if cfg.limits.MaxTextBytes <= 0 || cfg.limits.MaxBatch <= 0 {
		return config{}, errors.New("--max-text-bytes and --max-batch must be positive")
	}
	if cfg.shutdownTimeout <= 0 {
		return config{}, errors.New("--shutdown-timeout must be positive")
	}
	if err := checkBounds(); err != nil {
		return config{}, err
	}
	if err := cfg.security.Check(); err != nil {
		return config{}, err
	}
	if maxStreams <= 0 || int64(maxStreams) > math.MaxUint32 {
		return config{}, errors.New("--max-concurrent-streams must be positive (and fit in 32 bits)")
	}
	cfg.connections.MaxConcurrentStreams = uint32(maxStreams)
	if cfg.connections.MaxAge < 0 || cfg.connections.MaxAgeGrace < 0 {
		return config{}, errors.New("--max-connection-age and --max-connection-age-grace must not be negative")
	}
	return cfg, nil
}

// loadModel reads the model file, or trains on the corpus directories, or
// on the embedded default corpus when both are empty.
func loadModel(corpus []string, modelFile string) (*naivebayes.Model, error) {
	if modelFile != "" {
		return modelfile.ReadFile(modelFile)
	}
	c, err := loadCorpus(corpus)
	if err != nil {
		return nil, err
	}
	return naivebayes.Train(c)
}

// addSecurityFlags defines the security flags on fs, each defaulting to its
// environment variable.
func addSecurityFlags(fs *flag.FlagSet, f *security.Files, getenv func(string) string) {
	fs.StringVar(&f.TLSCert, "tls-cert", getenv("TOPICD_TLS_CERT"), "serve TLS with the certificate chain in PEM `file`; needs --tls-key [TOPICD_TLS_CERT]")
	fs.StringVar(&f.TLSKey, "tls-key", getenv("TOPICD_TLS_KEY"), "the private key of --tls-cert, in PEM `file` [TOPICD_TLS_KEY]")
	fs.StringVar(&f.TLSClientCA, "tls-client-ca", getenv("TOPICD_TLS_CLIENT_CA"), "mutual TLS: require client certificates signed by a CA in PEM `file`; needs --tls-cert and --tls-key [TOPICD_TLS_CLIENT_CA]")
	fs.StringVar(&f.AuthTokenFile, "auth-token-file", getenv("TOPICD_AUTH_TOKEN_FILE"), "require ClassifierService calls to carry \"authorization: Bearer TOKEN\", TOKEN being the content of `file` less surrounding white space; health and reflection stay open [TOPICD_AUTH_TOKEN_FILE]")
}

func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

func envInt(getenv func(string) string, key string, fallback int) (int, error) {
	v := getenv(key)
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: not a whole number", key, v)
	}
	return n, nil
}

func envBool(getenv func(string) string, key string, fallback bool) (bool, error) {
	v := getenv(key)
	if v == "" {
		return fallback, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: not true or false", key, v)
	}
	return b, nil
}

func envDuration(getenv func(string) string, key string, fallback time.Duration) (time.Duration, error) {
	v := getenv(key)
	if v == "" {
		return fallback, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: not a duration such as 10s", key, v)
	}
	return d, nil
}
