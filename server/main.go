// Command server runs topicd, the gRPC service that tags news text with
// cyber-threat topics (hacktivism, state_actor, election_interference, leak).
//
// Usage:
//
//	server [flags]                     serve (by default on the embedded seed corpus)
//	server train [flags] -out FILE     train a model file for --model
//
// Run "server -h" or "server train -h" for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the usage is printed, and asking for it is no failure
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "topicd:", err)
		os.Exit(1)
	}
}
