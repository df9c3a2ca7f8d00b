package main

import (
	"io"
	"os"
	"testing"
)

// TestMain has every server that a test starts, in process or as a child
// process, serve HTTP on a free loopback port rather than on the default
// localhost:8080, which other tests and processes may hold.
func TestMain(m *testing.M) {
	os.Setenv("TOPICD_HTTP_ADDR", "127.0.0.1:0")
	os.Exit(m.Run())
}

func TestParseHTTPAddr(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  string
		want string
	}{
		{nil, "", "localhost:8080"},
		{nil, "0.0.0.0:80", "0.0.0.0:80"},
		{[]string{"--http-addr", ":9"}, "0.0.0.0:80", ":9"},
		{[]string{"--http-addr="}, "0.0.0.0:80", ""}, // off
	} {
		getenv := func(key string) string {
			if key == "TOPICD_HTTP_ADDR" {
				return tt.env
			}
			return ""
		}
		cfg, err := parseServeFlags(tt.args, getenv, io.Discard)
		if err != nil || cfg.httpAddr != tt.want {
			t.Errorf("parseServeFlags(%q) with TOPICD_HTTP_ADDR=%q: httpAddr %q, %v; want %q", tt.args, tt.env, cfg.httpAddr, err, tt.want)
		}
	}
}
