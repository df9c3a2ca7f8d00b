package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/seed134e4861/topicd/model"
	"github.com/seed134e4861/topicd/seeds"
)

// config holds the server's settings, from flags that default to environment
// variables.
type config struct {
	addr            string
	corpus          string
	modelFile       string
	limits          limits
	shutdownTimeout time.Duration
	logFormat       string
}

// run parses args and runs the command they name: "train", or by default
// the server, until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "train" {
		return runTrain(args[1:], getenv, stdout, stderr)
	}
	cfg, err := parseServeFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger, err := newLogger(cfg.logFormat, stderr)
	if err != nil {
		return err
	}
	lis, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := newServer(cfg.limits, logger)
	load := func() (*model.Model, error) { return loadModel(cfg.corpus, cfg.modelFile) }
	return srv.serve(ctx, lis, load, cfg.shutdownTimeout)
}

func parseServeFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: server [flags]\n       server train [flags]\n\nServes topicd's ClassifierService over gRPC. Each flag defaults to the environment variable named in brackets.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var cfg config
	fs.StringVar(&cfg.addr, "addr", envOr(getenv, "TOPICD_ADDR", "localhost:50051"), "`host:port` to listen on; port 0 picks a free port [TOPICD_ADDR]")
	fs.StringVar(&cfg.corpus, "corpus", getenv("TOPICD_CORPUS"), "train at start on the corpus in `dir` (labels.tsv and text files) instead of the embedded seeds [TOPICD_CORPUS]")
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
	fs.IntVar(&cfg.limits.maxTextBytes, "max-text-bytes", maxText, "largest text accepted, in bytes [TOPICD_MAX_TEXT_BYTES]")
	fs.IntVar(&cfg.limits.maxBatch, "max-batch", maxBatch, "most texts accepted in one ClassifyBatch call [TOPICD_MAX_BATCH]")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", timeout, "how long in-flight calls may take to finish at shutdown [TOPICD_SHUTDOWN_TIMEOUT]")
	fs.StringVar(&cfg.logFormat, "log-format", envOr(getenv, "TOPICD_LOG_FORMAT", "text"), "log format: text or json [TOPICD_LOG_FORMAT]")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q (see -h)", fs.Arg(0))
	}
	if cfg.corpus != "" && cfg.modelFile != "" {
		return config{}, errors.New("--corpus and --model exclude each other: train a model file with \"server train\" instead")
	}
	if cfg.limits.maxTextBytes <= 0 || cfg.limits.maxBatch <= 0 {
		return config{}, errors.New("--max-text-bytes and --max-batch must be positive")
	}
	if cfg.shutdownTimeout <= 0 {
		return config{}, errors.New("--shutdown-timeout must be positive")
	}
	return cfg, nil
}

// loadModel reads the model file, or trains on the corpus directory, or on
// the embedded seeds when both are empty.
func loadModel(corpus, modelFile string) (*model.Model, error) {
	switch {
	case modelFile != "":
		return model.ReadFile(modelFile)
	case corpus != "":
		m, err := model.TrainFS(os.DirFS(corpus))
		if err != nil {
			return nil, fmt.Errorf("corpus %s: %w", corpus, err)
		}
		return m, nil
	default:
		return model.TrainFS(seeds.FS())
	}
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
