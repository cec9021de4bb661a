package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// profile is where the provider's time and memory go in one plan of N
// managed clients: the top entries, from the provider's own code down, of
// a CPU profile and of the allocations (alloc_space) of every provider
// process of that plan, merged.
type profile struct {
	n         int
	cpu, heap string
}

// measureProfile plans dir once more with the provider built as
// internal/bench/profprovider (the provider as served by main.go, plus
// pprof), then reads the profiles with go tool pprof.
func measureProfile(work, tf, dir string, env []string, n int) (profile, error) {
	p := profile{n: n}
	bin := filepath.Join(work, "profbin", "terraform-provider-genesysauth")
	if b, err := exec.CommandContext(context.Background(), "go", "build", "-o", bin,
		"./internal/bench/profprovider").CombinedOutput(); err != nil {
		return p, fmt.Errorf("building the profiling provider: %w\n%s", err, b)
	}
	profDir := filepath.Join(work, "profiles", fmt.Sprint(n))
	_ = os.RemoveAll(profDir)
	if err := os.MkdirAll(profDir, 0o755); err != nil {
		return p, err
	}
	penv := append(slices.Clone(env), "BENCH_WRAP_REAL="+bin, "BENCH_PROFILE_DIR="+profDir)
	if _, err := terraform(tf, dir, penv, "plan", "-input=false", "-detailed-exitcode"); err != nil {
		return p, fmt.Errorf("profiled plan: %w", err)
	}
	// The provider's own code and what it calls, by cumulative share: what
	// a change of ours can remove. The header's total is the whole process.
	own := []string{"-top", "-cum", "-nodecount=12", "-show_from=terraform-provider-genesysauth/internal"}
	var err error
	if p.cpu, err = pprofTop(profDir, "cpu-*.pprof", own...); err != nil {
		return p, err
	}
	if p.heap, err = pprofTop(profDir, "heap-*.pprof", append(own, "-sample_index=alloc_space")...); err != nil {
		return p, err
	}
	return p, nil
}

func pprofTop(dir, pattern string, args ...string) (string, error) {
	files, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(files) == 0 {
		return "", fmt.Errorf("no %s written in %s: did the provider stop normally?", pattern, dir)
	}
	out, err := exec.CommandContext(context.Background(), "go", append(append([]string{"tool", "pprof"}, args...), files...)...).Output()
	if err != nil {
		return "", fmt.Errorf("go tool pprof %s: %w", pattern, err)
	}
	// The header names the binary's temporary path; keep from the totals on.
	text := string(out)
	if i := strings.Index(text, "Showing nodes"); i >= 0 {
		text = text[i:]
	}
	return strings.TrimRight(text, "\n") + "\n", nil
}
