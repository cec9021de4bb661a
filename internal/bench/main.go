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
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

func main() {
	if target := os.Getenv("BENCH_WRAP_REAL"); target != "" {
		os.Exit(wrap(target))
	}
	ns := flag.String("n", "100,1000", "comma-separated numbers of clients")
	rate := flag.Int("rate", 600, "the emulator's rate limit for the apply, requests a minute per token")
	share := flag.Float64("share", 0.95, "share of the rate limit the provider's requests_per_minute is set to")
	runs := flag.Int("runs", 3, "plans timed per configuration (the median is reported)")
	out := flag.String("out", "BENCHMARKS.md", "report file")
	goBench := flag.String("go-bench", "", "file holding the output of the Go benchmarks, to include")
	cliPath := flag.String("terraform", "", "the CLI to run, Terraform or OpenTofu (default: terraform on PATH)")
	pipelines := flag.Int("pipelines", 4, "applies started together against one organization (0 skips that measurement)")
	pipelineClients := flag.Int("pipeline-clients", 250, "clients each of those applies authorizes")
	tokenRate := flag.Int("token-rate", 60, "token requests a minute the emulator's token endpoint answers, all runs together, during the pipelines measurement (modelled)")
	flag.Parse()
	conc := concurrency{runs: *pipelines, clients: *pipelineClients, tokenRate: *tokenRate}
	if err := run(*cliPath, *ns, *rate, *share, *runs, *out, *goBench, conc); err != nil {
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
	applyCalls, apply429, failures          int
	applyWall, applySpan                    time.Duration
	planCalls, planLists                    int
	planWall, floorWall, nullWall           time.Duration
	providerRSS, nullRSS, tfRSS, floorTfRSS int64 // KiB
	// The exclusive resource over the N authorizations, N/2 of them in client_ids.
	exclCalls, exclLists    int
	exclWall, exclBase      time.Duration // plan with it, and the same plan without it
	exclRevoked             int           // clients apply then revoked
	stateBefore, stateAfter int64         // terraform.tfstate bytes without and with it
}

// concurrency is what the pipelines measurement runs.
type concurrency struct{ runs, clients, tokenRate int }

func run(cliPath, nsFlag string, rate int, share float64, runs int, out, goBench string, conc concurrency) error {
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
	host := "registry.terraform.io"
	if v, _ := exec.CommandContext(context.Background(), tf, "version").Output(); strings.Contains(string(v), "OpenTofu v") {
		host = "registry.opentofu.org"
	}
	work := filepath.Join(root, ".bench")
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
    "%s/genesysauth/genesysauth" = %q
  }
  direct {}
}
`, host, dir)), 0o600); err != nil {
			return err
		}
	}
	rssFile := filepath.Join(work, "provider-rss.txt")
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"BENCH_WRAP_REAL="+realProvider, "BENCH_WRAP_OUT="+rssFile)

	var results []result
	for _, s := range strings.Split(nsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("bad -n value %q", s)
		}
		nullEnv := append(slices.Clone(env), "TF_CLI_CONFIG_FILE="+rcNull, "BENCH_WRAP_REAL="+realNull,
			"BENCH_WRAP_OUT="+rssFile)
		r, err := measure(work, tf, env, nullEnv, rssFile, n, rate, share, runs)
		if err != nil {
			return fmt.Errorf("with %d clients: %w", n, err)
		}
		results = append(results, r)
		printResult(os.Stdout, r, rate)
		printExclusive(os.Stdout, r)
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
	return writeReport(out, tf, results, rate, share, runs, goBench, pipelines)
}

func measure(work, tf string, env, nullEnv []string, rssFile string, n, rate int, share float64, runs int) (result, error) {
	r := result{n: n}
	srv, err := emulator.Start(emulator.Options{RateLimit: rate})
	if err != nil {
		return r, err
	}
	defer srv.Close()
	ids, err := srv.AddClients("Bench client", n, []string{"users:readonly", "analytics:readonly"})
	if err != nil {
		return r, err
	}
	dir := filepath.Join(work, strconv.Itoa(n))
	ours, floor, null := filepath.Join(dir, "genesysauth"), filepath.Join(dir, "floor"), filepath.Join(dir, "null")
	list := `["` + strings.Join(ids, `", "`) + `"]`
	if err := writeConfig(ours, fmt.Sprintf(`terraform {
  required_providers {
    genesysauth = { source = "genesysauth/genesysauth" }
  }
}

provider "genesysauth" {
  api_url             = %q
  token_url           = %q
  oauthclient_id      = %q
  oauthclient_secret  = %q
  requests_per_minute = %d
}

locals {
  ids = %s
}

resource "genesysauth_authorized_client" "c" {
  count     = length(local.ids)
  client_id = local.ids[count.index]
  scopes    = ["users:readonly", "analytics:readonly"]
}
`, srv.URL(), srv.TokenURL(), emulator.AdminClientID, emulator.AdminClientSecret, int(float64(rate)*share), list)); err != nil {
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
	return r, measureExclusive(&r, srv, tf, ours, env, n, runs)
}

// measureExclusive adds genesysauth_authorized_clients_exclusive to the
// configuration of N managed clients, with the first N/2 in client_ids:
// the plan (a create naming N/2 revocations) taken in turn with the same
// plan without it, its API calls, then the apply and the state's size.
// It runs last: the apply revokes half of the managed clients.
func measureExclusive(r *result, srv *emulator.Server, tf, dir string, env []string, n, runs int) error {
	extra := filepath.Join(dir, "exclusive.tf")
	body := fmt.Sprintf("resource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  client_ids = slice(local.ids, 0, %d)\n}\n", n/2)
	var with, without []time.Duration
	for i := range runs {
		if err := os.WriteFile(extra, []byte(body), 0o600); err != nil {
			return err
		}
		srv.ResetCalls()
		t0 := time.Now()
		if _, err := terraform(tf, dir, env, "plan", "-input=false"); err != nil {
			return fmt.Errorf("plan with the exclusive resource: %w", err)
		}
		with = append(with, time.Since(t0))
		if i == 0 {
			r.exclCalls, r.exclLists = srv.APICalls(), srv.Calls(emulator.RouteListAuthorizations)
		}
		if err := os.Remove(extra); err != nil {
			return err
		}
		t0 = time.Now()
		if _, err := terraform(tf, dir, env, "plan", "-input=false", "-detailed-exitcode"); err != nil {
			return fmt.Errorf("plan without the exclusive resource: %w", err)
		}
		without = append(without, time.Since(t0))
	}
	r.exclWall, r.exclBase = median(with), median(without)
	stateFile := filepath.Join(dir, "terraform.tfstate")
	st, err := os.Stat(stateFile)
	if err != nil {
		return err
	}
	r.stateBefore = st.Size()
	if err := os.WriteFile(extra, []byte(body), 0o600); err != nil {
		return err
	}
	if _, err := terraform(tf, dir, env, "apply", "-auto-approve", "-input=false"); err != nil {
		return fmt.Errorf("apply with the exclusive resource: %w", err)
	}
	if st, err = os.Stat(stateFile); err != nil {
		return err
	}
	r.stateAfter = st.Size()
	for _, a := range srv.Authorizations() {
		if a.State == genesys.StateRevoked && strings.HasPrefix(a.Client.Name, "Bench client") {
			r.exclRevoked++
		}
	}
	return nil
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

func used(calls int, span time.Duration, rate int) float64 {
	minutes := span.Minutes()
	if minutes <= 0 {
		return 0
	}
	return float64(calls) / (float64(rate) * minutes)
}

func printResult(w io.Writer, r result, rate int) {
	fmt.Fprintf(w, "N=%d plan: %d API calls (%d authorization listings), %.2fs vs terraform_data %.2fs (x%.2f) and a do-nothing framework provider %.2fs (x%.2f), provider peak RSS %d MiB (do-nothing %d MiB)\n",
		r.n, r.planCalls, r.planLists, r.planWall.Seconds(), r.floorWall.Seconds(), ratio(r.planWall, r.floorWall),
		r.nullWall.Seconds(), ratio(r.planWall, r.nullWall), r.providerRSS/1024, r.nullRSS/1024)
	fmt.Fprintf(w, "N=%d apply at %d/min: %d calls, %d x 429, %d failures, %.0fs; limit used %.0f%% (first to last call), %.0f%% (whole apply)\n",
		r.n, rate, r.applyCalls, r.apply429, r.failures, r.applyWall.Seconds(),
		100*used(r.applyCalls, r.applySpan, rate), 100*used(r.applyCalls, r.applyWall, rate))
}

func printExclusive(w io.Writer, r result) {
	fmt.Fprintf(w, "N=%d exclusive resource (%d in client_ids): plan %d API calls (%d authorization listings; without it %d), "+
		"%.2fs vs %.2fs without it (x%.2f); apply revoked %d; state %d -> %d bytes (x%.2f)\n",
		r.n, r.n/2, r.exclCalls, r.exclLists, r.planCalls, r.exclWall.Seconds(), r.exclBase.Seconds(), ratio(r.exclWall, r.exclBase),
		r.exclRevoked, r.stateBefore, r.stateAfter, float64(r.stateAfter)/float64(max(r.stateBefore, 1)))
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func writeReport(path, tf string, results []result, rate int, share float64, runs int, goBench string, pipelines *concurrentResult) error {
	var b strings.Builder
	tfVersion, _ := exec.CommandContext(context.Background(), tf, "version").Output()
	cpu := "unknown"
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(info), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
				break
			}
		}
	}
	mem := "unknown"
	if info, err := os.ReadFile("/proc/meminfo"); err == nil {
		mem = strings.TrimSpace(strings.SplitN(strings.Split(string(info), "\n")[0], ":", 2)[1])
	}
	fmt.Fprintf(&b, "# Benchmarks\n\nWritten by `make bench` (`go run ./internal/bench`) on %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "Machine: %d cores (%s), %s memory, %s, %s. The machine is shared and noisy: compare the ratios, "+
		"taken in one run, rather than the absolute times.\n\n", runtime.NumCPU(), cpu, mem, runtime.Version(), strings.SplitN(string(tfVersion), "\n", 2)[0])
	fmt.Fprintf(&b, "## Plan (refresh included) of N managed authorizations\n\n"+
		"API calls counted by the emulator (token calls excluded); wall time and peak memory are the median of %d plans, "+
		"each taken in turn with a plan of N `terraform_data` resources (Terraform's own floor) and a plan of N resources "+
		"of a do-nothing provider built on terraform-plugin-framework with the same schema (`internal/bench/nullprovider`: "+
		"the floor of any framework provider: plugin start-up, gRPC and the framework's per-resource work, no API).\n\n", runs)
	b.WriteString("| N | API calls | of which authorization listings (the rest: client catalogue pages) | one GET per resource would be | plan wall | terraform_data plan | ratio to terraform_data | do-nothing provider plan | ratio to it | provider peak RSS (ours / do-nothing) | peak RSS of the process tree (ours / terraform_data) |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %d | %d | %d | %d+ | %.2f s | %.2f s | %.2fx | %.2f s | %.2fx | %.1f / %.1f MiB | %.1f / %.1f MiB |\n", r.n, r.planCalls, r.planLists, r.n,
			r.planWall.Seconds(), r.floorWall.Seconds(), ratio(r.planWall, r.floorWall), r.nullWall.Seconds(), ratio(r.planWall, r.nullWall),
			float64(r.providerRSS)/1024, float64(r.nullRSS)/1024, float64(r.tfRSS)/1024, float64(r.floorTfRSS)/1024)
	}
	fmt.Fprintf(&b, "\n## Apply authorizing N clients under a rate limit of %d requests a minute\n\n"+
		"The provider's `requests_per_minute` is %d (%.0f%% of the limit), default parallelism. \"Limit used\" is "+
		"calls / (R x minutes), over the span from the first to the last API call, and over the whole apply "+
		"(terraform's own start-up and plan included).\n\n", rate, int(float64(rate)*share), share*100)
	b.WriteString("| N | API calls | 429s | failures | apply wall | limit used (calls span) | limit used (whole apply) |\n|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %d | %d | %d | %d | %.0f s | %.0f%% | %.0f%% |\n", r.n, r.applyCalls, r.apply429, r.failures,
			r.applyWall.Seconds(), 100*used(r.applyCalls, r.applySpan, rate), 100*used(r.applyCalls, r.applyWall, rate))
	}
	b.WriteString("\n## genesysauth_authorized_clients_exclusive over N authorizations, N/2 in client_ids\n\n" +
		"The configuration above plus the exclusive resource with the first N/2 clients in `client_ids`: its plan (a " +
		"create naming N/2 revocations) is timed in turn with the same plan without it (median of the same number of " +
		"plans); then it is applied, and the state file's size compared.\n\n")
	b.WriteString("| N | plan API calls (without it) | of which listings | plan wall with / without | ratio | revoked by the apply | terraform.tfstate without / with | ratio |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %d | %d (%d) | %d | %.2f / %.2f s | %.2fx | %d | %d / %d bytes | %.2fx |\n", r.n, r.exclCalls, r.planCalls, r.exclLists,
			r.exclWall.Seconds(), r.exclBase.Seconds(), ratio(r.exclWall, r.exclBase), r.exclRevoked, r.stateBefore, r.stateAfter,
			float64(r.stateAfter)/float64(max(r.stateBefore, 1)))
	}
	if pipelines != nil {
		writeConcurrent(&b, *pipelines)
	}
	if goBench != "" {
		if data, err := os.ReadFile(goBench); err == nil {
			fmt.Fprintf(&b, "\n## Go benchmarks\n\n`go test -run '^$' -bench . -benchmem ./internal/genesys ./internal/provider`\n\n```\n%s```\n", data)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
