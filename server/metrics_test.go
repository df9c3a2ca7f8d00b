package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/seed134e4861/topicd/internal/servingtest"
	"github.com/seed134e4861/topicd/model/modelfile"
	topicdv1 "github.com/seed134e4861/topicd/proto/topicd/v1"
)

// TestParseObserveFlags checks --metrics-addr and --log-requests, and their
// environment variables.
func TestParseObserveFlags(t *testing.T) {
	type observe struct {
		MetricsAddr string
		LogRequests bool
	}
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want observe
	}{
		{nil, nil, observe{"", true}},
		{nil, map[string]string{"TOPICD_METRICS_ADDR": "localhost:9090"}, observe{"localhost:9090", true}},
		{[]string{"--metrics-addr", "127.0.0.1:0"}, nil, observe{"127.0.0.1:0", true}},
		{[]string{"--metrics-addr="}, map[string]string{"TOPICD_METRICS_ADDR": "localhost:9090"}, observe{"", true}},
		{nil, map[string]string{"TOPICD_LOG_REQUESTS": "false"}, observe{"", false}},
		{nil, map[string]string{"TOPICD_LOG_REQUESTS": "0"}, observe{"", false}},
		{[]string{"--log-requests=false"}, nil, observe{"", false}},
		{[]string{"--log-requests"}, map[string]string{"TOPICD_LOG_REQUESTS": "false"}, observe{"", true}},
		{[]string{"--log-requests=false"}, map[string]string{"TOPICD_LOG_REQUESTS": "true"}, observe{"", false}},
	} {
		cfg, err := parseServeFlags(tt.args, env(tt.env), io.Discard)
		if err != nil {
			t.Errorf("parseServeFlags(%q) with env %v: %v", tt.args, tt.env, err)
			continue
		}
		if got := (observe{cfg.metricsAddr, cfg.logRequests}); got != tt.want {
			t.Errorf("parseServeFlags(%q) with env %v = %+v, want %+v", tt.args, tt.env, got, tt.want)
		}
	}
	for _, bad := range []string{"maybe", "yes", "on"} {
		e := map[string]string{"TOPICD_LOG_REQUESTS": bad}
		if _, err := parseServeFlags(nil, env(e), io.Discard); err == nil {
			t.Errorf("parseServeFlags with env %v = OK, want an error", e)
		}
	}
	if _, err := parseServeFlags([]string{"--log-requests=maybe"}, env(nil), io.Discard); err == nil {
		t.Error("parseServeFlags(--log-requests=maybe) = OK, want an error")
	}
}

// TestRunMetrics runs the server with --metrics-addr on a free port: it logs
// the address, serves the metrics of its calls there over HTTP, and stops
// serving them when it stops. Without --metrics-addr, there is no metrics
// server.
func TestRunMetrics(t *testing.T) {
	file := t.TempDir() + "/topicd.model"
	m := servingtest.MustSeedModel(t)
	if err := modelfile.WriteFile(file, m); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name        string
		args        []string
		env         map[string]string
		withMetrics bool
	}{
		{"flag", []string{"--addr", "127.0.0.1:0", "--model", file, "--metrics-addr", "127.0.0.1:0"}, nil, true},
		{"env", []string{"--addr", "127.0.0.1:0", "--model", file}, map[string]string{"TOPICD_METRICS_ADDR": "127.0.0.1:0"}, true},
		{"off", []string{"--addr", "127.0.0.1:0", "--model", file}, nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := testContext(t)
			r := startRun(ctx, t, tt.args, tt.env)
			logs := r.logs

			addr := logs.WaitFor(ctx, t, regexp.MustCompile(`msg=serving addr=(\S+)`))[1]
			conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := topicdv1.NewClassifierServiceClient(conn).GetModelInfo(ctx, &topicdv1.GetModelInfoRequest{}); err != nil {
				t.Fatalf("GetModelInfo: %v", err)
			}

			metricsRE := regexp.MustCompile(`msg=metrics addr=(\S+)`)
			var metricsURL string
			if tt.withMetrics {
				metricsURL = "http://" + logs.WaitFor(ctx, t, metricsRE)[1] + "/metrics"
				body := servingtest.HTTPGet(t, metricsURL, http.StatusOK)
				for _, want := range []string{
					`grpc_server_handled_total{grpc_code="OK",grpc_method="GetModelInfo",grpc_service="topicd.v1.ClassifierService",grpc_type="unary"} 1`,
					`topicd_model_info{version="` + m.Version() + `"} 1`,
					"go_goroutines ",
					"process_resident_memory_bytes ",
				} {
					if !strings.Contains(body, want) {
						t.Errorf("GET %s has no %q; got:\n%s", metricsURL, want, body)
					}
				}
			} else if metricsRE.MatchString(logs.String()) {
				t.Errorf("without --metrics-addr, the logs name a metrics address:\n%s", logs)
			}

			if err := r.stop(); err != nil {
				t.Errorf("run after its context ended = %v, want nil (exit 0)", err)
			}
			if metricsURL != "" {
				if resp, err := http.Get(metricsURL); err == nil {
					resp.Body.Close()
					t.Errorf("GET %s after run returned = %s, want the metrics server stopped", metricsURL, resp.Status)
				}
			}
		})
	}
}
