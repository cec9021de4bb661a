// Command bench measures the provider at scale against the emulator, through
// the real terraform binary, and writes BENCHMARKS.md. `make bench` runs it.
//
// For each N it seeds the emulator with N third-party clients, then:
//  1. applies a configuration authorizing all N with the emulator limited to
//     R requests a minute: calls, 429s, failures, share of the limit used;
//  2. plans that configuration again (refresh included): API calls, wall
//     time and the provider's peak memory, against a plan of N
//     terraform_data resources (Terraform's own floor) and one of N resources
//     of a do-nothing framework provider with the same schema (the floor of
//     any plugin built on terraform-plugin-framework), in the same run.
//
// The same binary doubles as a wrapper around the provider (when
// BENCH_WRAP_REAL is set) to read the provider process's peak RSS.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

func main() {
	if target := os.Getenv("BENCH_WRAP_REAL"); target != "" {
		os.Exit(wrap(target))
	}
	ns := flag.String("n", "100,1000", "comma-separated numbers of clients")
	rate := flag.Int("rate", 600, "the emulator's rate limit for the apply, requests a minute per token")
	share := flag.Float64("share", 0.95, "share of the rate limit the provider's requests_per_minute is set to")
	runs := flag.Int("runs", 5, "plans timed per configuration (the median is reported)")
	planNs := flag.String("plan-n", "5000", "comma-separated numbers of clients measured for the plan only "+
		"(their apply runs without a rate limit and is not reported; the exclusive resource is not measured); empty: none")
	profileN := flag.Int("profile-n", 1000, "after the plans of this N, one more plan with a CPU and an allocation profile of the provider (0: none)")
	out := flag.String("out", "BENCHMARKS.md", "report file")
	workDir := flag.String("work", ".bench", "working directory (removed first): binaries, configurations and states")
	goBench := flag.String("go-bench", "", "file holding the output of the Go benchmarks, to include")
	cliPath := flag.String("terraform", "", "the CLI to run, Terraform or OpenTofu (default: terraform on PATH)")
	pipelines := flag.Int("pipelines", 4, "applies started together against one organization (0 skips that measurement)")
	pipelineClients := flag.Int("pipeline-clients", 250, "clients each of those applies authorizes")
	tokenRate := flag.Int("token-rate", 60, "token requests a minute the emulator's token endpoint answers, all runs together, during the pipelines measurement (modelled)")
	strict := flag.Bool("strict", false, "after writing the report, exit 1 if an apply saw a 429 or left a client "+
		"unauthorized, or a pipeline failed (make bench-smoke: at its rate, any of them is a bug)")
	flag.Parse()
	conc := concurrency{runs: *pipelines, clients: *pipelineClients, tokenRate: *tokenRate}
	sizes := sizes{full: *ns, planOnly: *planNs, profile: *profileN}
	if err := run(*cliPath, *workDir, sizes, *rate, *share, *runs, *out, *goBench, conc, *strict); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// wrap runs the real provider with this process's stdio and appends its
// peak RSS (KiB) to BENCH_WRAP_OUT when it exits.
func wrap(target string) int {
	cmd := exec.CommandContext(context.Background(), target, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			if f, ferr := os.OpenFile(os.Getenv("BENCH_WRAP_OUT"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); ferr == nil {
				fmt.Fprintln(f, ru.Maxrss)
				_ = f.Close()
			}
		}
		return cmd.ProcessState.ExitCode()
	}
	if err != nil {
		return 1
	}
	return 0
}

type result struct {
	n                                       int
	planOnly                                bool     // apply unlimited and not reported, no exclusive resource
	prof                                    *profile // where the provider's time and memory go in one plan
	applyCalls, apply429, failures          int
	applyWall, applySpan                    time.Duration
	planCalls, planLists                    int
	planWall, floorWall, nullWall           time.Duration
	providerRSS, nullRSS, tfRSS, floorTfRSS int64 // KiB
	// The exclusive resource with the N managed clients in client_ids and N/2
	// more authorized by hand outside it.
	exclCalls, exclLists    int
	exclWall, exclBase      time.Duration  // plan with it, and the same plan without it
	exclBudget              int            // max_revocations: every client authorized outside client_ids
	exclRevoked             int            // of the bench's clients, apply then revoked
	exclRevokedSeed         []string       // names of the seed's clients apply revoked
	stateBefore, stateAfter int64          // terraform.tfstate bytes without and with it
	stateRefreshed          int64          // with it, after the next refresh
	exclParts               map[string]int // its large attributes' compact JSON bytes, after the apply
}

// sizes are the numbers of clients measured: full (apply, plan and the
// exclusive resource) and planOnly, both comma-separated, and the one N
// whose plan is profiled.
type sizes struct {
	full, planOnly string
	profile        int
}

// measurement is one N to measure.
type measurement struct {
	n        int
	planOnly bool
	profile  bool
}

// parseSizes lists the measurements in order of N, the full ones before a
// plan-only one of the same N.
func parseSizes(sz sizes) ([]measurement, error) {
	var out []measurement
	for _, list := range []struct {
		text     string
		planOnly bool
	}{{sz.full, false}, {sz.planOnly, true}} {
		for _, s := range strings.Split(list.text, ",") {
			if strings.TrimSpace(s) == "" {
				continue
			}
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 1 {
				return nil, fmt.Errorf("bad number of clients %q", s)
			}
			out = append(out, measurement{n: n, planOnly: list.planOnly, profile: n == sz.profile})
		}
	}
	slices.SortStableFunc(out, func(a, b measurement) int { return a.n - b.n })
	for i := 1; i < len(out); i++ { // profile one plan of that N, not two
		if out[i].n == out[i-1].n && out[i-1].profile {
			out[i].profile = false
		}
	}
	return out, nil
}

// concurrency is what the pipelines measurement runs.
type concurrency struct{ runs, clients, tokenRate int }

func run(cliPath, workDir string, sz sizes, rate int, share float64, runs int, out, goBench string, conc concurrency, strict bool) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if cliPath == "" {
		cliPath = "terraform"
	}
	tf, err := exec.LookPath(cliPath)
	if err != nil {
		return fmt.Errorf("no CLI %q: put terraform on PATH or pass -terraform", cliPath)
	}
	// OpenTofu installs the provider from its own registry's address.
	cli, err := testcli.Describe(tf)
	if err != nil {
		return err
	}
	work := workDir
	if !filepath.IsAbs(work) {
		work = filepath.Join(root, work)
	}
	if rel, err := filepath.Rel(work, root); err != nil || rel == "." || !strings.HasPrefix(rel, "..") {
		return fmt.Errorf("-work %q: a directory of its own is needed (it is removed first), not the checkout or above it", workDir)
	}
	_ = os.RemoveAll(work)
	bin := filepath.Join(work, "bin")
	if err := os.MkdirAll(filepath.Join(bin, "real"), 0o755); err != nil {
		return err
	}
	realProvider := filepath.Join(bin, "real", "terraform-provider-genesysauth")
	if b, err := exec.CommandContext(context.Background(), "go", "build", "-o", realProvider, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("building the provider: %w\n%s", err, b)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := copyFile(self, filepath.Join(bin, "terraform-provider-genesysauth")); err != nil {
		return err
	}
	nullBin := filepath.Join(work, "nullbin")
	realNull := filepath.Join(nullBin, "real", "terraform-provider-genesysauth")
	if err := os.MkdirAll(filepath.Dir(realNull), 0o755); err != nil {
		return err
	}
	if err := copyFile(self, filepath.Join(nullBin, "terraform-provider-genesysauth")); err != nil {
		return err
	}
	if b, err := exec.CommandContext(context.Background(), "go", "build", "-o", realNull,
		"./internal/bench/nullprovider").CombinedOutput(); err != nil {
		return fmt.Errorf("building the do-nothing provider: %w\n%s", err, b)
	}
	rc, rcNull := filepath.Join(work, "terraformrc"), filepath.Join(work, "terraformrc-null")
	for file, dir := range map[string]string{rc: bin, rcNull: nullBin} {
		if err := os.WriteFile(file, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, cli.ProviderAddress(), dir)), 0o600); err != nil {
			return err
		}
	}
	rssFile := filepath.Join(work, "provider-rss.txt")
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"BENCH_WRAP_REAL="+realProvider, "BENCH_WRAP_OUT="+rssFile)

	var results []result
	todo, err := parseSizes(sz)
	if err != nil {
		return err
	}
	for _, m := range todo {
		nullEnv := append(slices.Clone(env), "TF_CLI_CONFIG_FILE="+rcNull, "BENCH_WRAP_REAL="+realNull,
			"BENCH_WRAP_OUT="+rssFile)
		r, err := measure(work, tf, env, nullEnv, rssFile, m, rate, share, runs)
		if err != nil {
			return fmt.Errorf("with %d clients: %w", m.n, err)
		}
		results = append(results, r)
		printResult(os.Stdout, r, rate)
		if !m.planOnly {
			printExclusive(os.Stdout, r)
		}
	}
	var pipelines *concurrentResult
	if conc.runs > 0 {
		r, err := measureConcurrent(work, tf, env, conc.runs, conc.clients, conc.tokenRate)
		if err != nil {
			return fmt.Errorf("pipelines at once: %w", err)
		}
		printConcurrent(os.Stdout, r)
		pipelines = &r
	}
	if err := writeReport(out, tf, results, rate, share, runs, goBench, pipelines); err != nil {
		return err
	}
	if strict {
		return strictCheck(results, pipelines)
	}
	return nil
}

// strictCheck is -strict: the figures are not judged, but an apply that saw a
// 429 or failed is.
func strictCheck(results []result, pipelines *concurrentResult) error {
	var bad []string
	for _, r := range results {
		if r.apply429 > 0 || r.failures > 0 {
			bad = append(bad, fmt.Sprintf("the apply of %d clients saw %d x 429 and left %d unauthorized", r.n, r.apply429, r.failures))
		}
	}
	if p := pipelines; p != nil && (p.c429 > 0 || p.failures > 0 || len(p.errs) > 0) {
		bad = append(bad, fmt.Sprintf("%d pipelines at once saw %d x 429, left %d unauthorized, and %d failed: %v",
			p.runs, p.c429, p.failures, len(p.errs), p.errs))
	}
	if len(bad) > 0 {
		return fmt.Errorf("-strict: %s", strings.Join(bad, "; "))
	}
	return nil
}

func measure(work, tf string, env, nullEnv []string, rssFile string, m measurement, rate int, share float64, runs int) (result, error) {
	n := m.n
	r := result{n: n, planOnly: m.planOnly}
	seed, err := emulator.DefaultSeed()
	if err != nil {
		return r, err
	}
	srv, err := emulator.Start(emulator.Options{Seed: seed, RateLimit: rate})
	if err != nil {
		return r, err
	}
	defer srv.Close()
	// N managed clients, and N/2 more that the exclusive resource's
	// measurement authorizes by hand, outside Terraform (measureExclusive).
	all, err := srv.AddClients("Bench client", n+n/2, []string{"users:readonly", "analytics:readonly"})
	if err != nil {
		return r, err
	}
	ids, outside := all[:n], all[n:]
	dir := filepath.Join(work, strconv.Itoa(n))
	limit := fmt.Sprintf("requests_per_minute = %d", int(float64(rate)*share))
	if m.planOnly {
		dir += "-plan"
		srv.SetRateLimit(-1)
		limit = "requests_per_minute = 0"
	}
	ours, floor, null := filepath.Join(dir, "genesysauth"), filepath.Join(dir, "floor"), filepath.Join(dir, "null")
	list := `["` + strings.Join(ids, `", "`) + `"]`
	if err := writeConfig(ours, authorizationsConfig(srv, limit,
		ids, []string{"users:readonly", "analytics:readonly"})); err != nil {
		return r, err
	}
	oursConfig, err := os.ReadFile(filepath.Join(ours, "main.tf"))
	if err != nil {
		return r, err
	}
	if err := writeConfig(null, string(oursConfig)); err != nil {
		return r, err
	}
	if err := writeConfig(floor, fmt.Sprintf(`locals {
  ids = %s
}

resource "terraform_data" "c" {
  count = length(local.ids)
  input = local.ids[count.index]
}
`, list)); err != nil {
		return r, err
	}

	// 1. The apply of N authorizations under the rate limit.
	srv.ResetCalls()
	start := time.Now()
	_, applyErr := terraform(tf, ours, env, "apply", "-auto-approve", "-input=false")
	r.applyWall = time.Since(start)
	r.applySpan = srv.CallSpan()
	r.applyCalls = srv.APICalls()
	r.apply429 = srv.Calls(emulator.Route429)
	for _, id := range ids {
		if a, ok := srv.Authorization(id); !ok || a.State != genesys.StateAuthorized {
			r.failures++
		}
	}
	if applyErr != nil && r.failures == 0 {
		return r, fmt.Errorf("apply failed: %w", applyErr)
	}
	if _, err := terraform(tf, floor, env, "apply", "-auto-approve", "-input=false"); err != nil {
		return r, fmt.Errorf("floor apply: %w", err)
	}
	if _, err := terraform(tf, null, nullEnv, "apply", "-auto-approve", "-input=false"); err != nil {
		return r, fmt.Errorf("do-nothing provider apply: %w", err)
	}

	// 2. Plans, ours and the floor taken in turn, medians reported.
	srv.SetRateLimit(-1)
	var walls, floorWalls, nullWalls []time.Duration
	var rss, nullRSS, tfRSS, floorRSS []int64
	for i := range runs {
		_ = os.Remove(rssFile)
		srv.ResetCalls()
		t0 := time.Now()
		ru, err := terraform(tf, ours, env, "plan", "-input=false", "-detailed-exitcode")
		if err != nil {
			return r, fmt.Errorf("plan: %w", err)
		}
		walls = append(walls, time.Since(t0))
		tfRSS = append(tfRSS, ru)
		if i == 0 {
			r.planCalls = srv.APICalls()
			r.planLists = srv.Calls(emulator.RouteListAuthorizations)
		}
		rss = append(rss, maxFromFile(rssFile))
		t0 = time.Now()
		ru, err = terraform(tf, floor, env, "plan", "-input=false", "-detailed-exitcode")
		if err != nil {
			return r, fmt.Errorf("floor plan: %w", err)
		}
		floorWalls = append(floorWalls, time.Since(t0))
		floorRSS = append(floorRSS, ru)
		_ = os.Remove(rssFile)
		t0 = time.Now()
		if _, err := terraform(tf, null, nullEnv, "plan", "-input=false", "-detailed-exitcode"); err != nil {
			return r, fmt.Errorf("do-nothing provider plan: %w", err)
		}
		nullWalls = append(nullWalls, time.Since(t0))
		nullRSS = append(nullRSS, maxFromFile(rssFile))
	}
	r.planWall, r.floorWall, r.nullWall = median(walls), median(floorWalls), median(nullWalls)
	r.providerRSS, r.nullRSS, r.tfRSS, r.floorTfRSS = median(rss), median(nullRSS), median(tfRSS), median(floorRSS)
	if m.profile {
		p, err := measureProfile(work, tf, ours, env, n)
		if err != nil {
			return r, err
		}
		r.prof = &p
	}
	if m.planOnly {
		return r, nil
	}
	return r, measureExclusive(&r, srv, seed, tf, ours, env, ids, outside, runs)
}

// terraform runs one command; -detailed-exitcode's 2 (changes) is an error
// here, since every plan measured must be empty.
func terraform(tf, dir string, env []string, args ...string) (int64, error) {
	cmd := exec.CommandContext(context.Background(), tf, append([]string{"-chdir=" + dir}, append(args, "-no-color")...)...)
	cmd.Env = env
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	var rss int64
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss
		}
	}
	if err != nil {
		tail := buf.String()
		if len(tail) > 3000 {
			tail = tail[len(tail)-3000:]
		}
		return rss, fmt.Errorf("terraform %s: %w\n%s", args[0], err, tail)
	}
	return rss, nil
}

// authorizationsConfig is a configuration that authorizes each of ids with
// scopes, one counted resource, against the emulator as its admin.
func authorizationsConfig(srv *emulator.Server, providerExtra string, ids, scopes []string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    genesysauth = { source = "genesysauth/genesysauth" }
  }
}

provider "genesysauth" {
  api_url            = %q
  token_url          = %q
  oauthclient_id     = %q
  oauthclient_secret = %q
  %s
}

locals {
  ids = ["%s"]
}

resource "genesysauth_authorized_client" "c" {
  count     = length(local.ids)
  client_id = local.ids[count.index]
  scopes    = ["%s"]
}
`, srv.URL(), srv.TokenURL(), emulator.AdminClientID, emulator.AdminClientSecret, providerExtra,
		strings.Join(ids, `", "`), strings.Join(scopes, `", "`))
}

func writeConfig(dir, body string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(body), 0o600)
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}

func maxFromFile(path string) int64 {
	b, _ := os.ReadFile(path)
	var m int64
	for _, line := range strings.Fields(string(b)) {
		if v, err := strconv.ParseInt(line, 10, 64); err == nil && v > m {
			m = v
		}
	}
	return m
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
