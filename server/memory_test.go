package main

import (
	"io"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/seed134e4861/topicd/internal/serving"
)

// TestMemoryLimitHoldsWorstLoad computes the memory the worst load
// admitted by the defaults and the manifest's environment needs
// (serving.MemoryNeeded), and checks the Kubernetes Deployment's memory
// limit holds it.
func TestMemoryLimitHoldsWorstLoad(t *testing.T) {
	data, err := os.ReadFile("deploy/kubernetes/base/deployment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	manifest := string(data)
	env := map[string]string{}
	for _, m := range regexp.MustCompile(`- name: (TOPICD_\w+)\s+value: "?([^"\n]*)"?`).FindAllStringSubmatch(manifest, -1) {
		env[m[1]] = m[2]
	}
	cfg, err := parseServeFlags(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatalf("the manifest's environment: %v", err)
	}
	m := regexp.MustCompile(`limits:\s+memory: (\d+)Mi`).FindStringSubmatch(manifest)
	if m == nil {
		t.Fatal("no memory limit in Mi in deployment.yaml")
	}
	mib, _ := strconv.ParseInt(m[1], 10, 64)
	need := serving.MemoryNeeded(cfg.limits, cfg.admission, cfg.connections)
	t.Logf("the worst load admitted needs %d MiB; the limit is %d MiB (environment %v)", need>>20, mib, env)
	if need > mib<<20 {
		t.Errorf("the worst load admitted needs %d MiB, over the Deployment's memory limit of %d Mi: raise it, or lower a bound", need>>20, mib)
	}
}
