package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// What make bench prints and writes to BENCHMARKS.md.

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
	if r.planOnly {
		return
	}
	fmt.Fprintf(w, "N=%d apply at %d/min: %d calls, %d x 429, %d failures, %.0fs; limit used %.0f%% (first to last call), %.0f%% (whole apply)\n",
		r.n, rate, r.applyCalls, r.apply429, r.failures, r.applyWall.Seconds(),
		100*used(r.applyCalls, r.applySpan, rate), 100*used(r.applyCalls, r.applyWall, rate))
}

func printExclusive(w io.Writer, r result) {
	fmt.Fprintf(w, "N=%d exclusive resource (%d in client_ids, %d authorized by hand outside, max_revocations %d): plan %d API calls (%d authorization listings; without it %d), "+
		"%.2fs vs %.2fs without it (x%.2f); apply revoked %s; state %d -> %d bytes (x%.2f), %d after the next refresh (x%.2f); %s\n",
		r.n, r.n, r.n/2, r.exclBudget, r.exclCalls, r.exclLists, r.planCalls, r.exclWall.Seconds(), r.exclBase.Seconds(), ratio(r.exclWall, r.exclBase),
		revokedText(r), r.stateBefore, r.stateAfter, float64(r.stateAfter)/float64(max(r.stateBefore, 1)),
		r.stateRefreshed, float64(r.stateRefreshed)/float64(max(r.stateBefore, 1)), partsText(r))
}

// partsText is the exclusive resource's large attributes' share of the
// state after its apply.
func partsText(r result) string {
	var parts []string
	for _, name := range []string{"authorizations", "unmanaged", "client_ids"} {
		parts = append(parts, fmt.Sprintf("%s %d", name, r.exclParts[name]))
	}
	return strings.Join(parts, ", ") + " bytes"
}

// revokedText is what the exclusive resource's apply revoked: the bench's
// clients, then the seed's by name.
func revokedText(r result) string {
	if len(r.exclRevokedSeed) == 0 {
		return strconv.Itoa(r.exclRevoked)
	}
	return fmt.Sprintf("%d + %s", r.exclRevoked, strings.Join(r.exclRevokedSeed, ", "))
}

// notesFile is the hand-written part of BENCHMARKS.md: what was measured
// before a change and what the change removed, which a run cannot know.
const notesFile = "internal/bench/NOTES.md"

// full is the results measured in full (apply and exclusive resource too).
func full(results []result) []result {
	var out []result
	for _, r := range results {
		if !r.planOnly {
			out = append(out, r)
		}
	}
	return out
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
		"the floor of any framework provider: plugin start-up, gRPC and the framework's per-resource work, no API). "+
		"Every plan is of a configuration applied before, so it changes nothing. The Ns measured for the plan only "+
		"(`-plan-n`) were applied without a rate limit, and appear in no other table.\n\n", runs)
	b.WriteString("| N | API calls | of which authorization listings (the rest: client catalogue pages and the organization look-up) | one GET per resource would be | plan wall | terraform_data plan | ratio to terraform_data | do-nothing provider plan | ratio to it | provider peak RSS (ours / do-nothing) | peak RSS of the process tree (ours / terraform_data) |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %d | %d | %d | %d+ | %.2f s | %.2f s | %.2fx | %.2f s | %.2fx | %.1f / %.1f MiB | %.1f / %.1f MiB |\n", r.n, r.planCalls, r.planLists, r.n,
			r.planWall.Seconds(), r.floorWall.Seconds(), ratio(r.planWall, r.floorWall), r.nullWall.Seconds(), ratio(r.planWall, r.nullWall),
			float64(r.providerRSS)/1024, float64(r.nullRSS)/1024, float64(r.tfRSS)/1024, float64(r.floorTfRSS)/1024)
	}
	fmt.Fprintf(&b, "\n## Apply authorizing N clients under a rate limit of %d requests a minute\n\n"+
		"The provider's `requests_per_minute` is %d (%.0f%% of the limit), default parallelism. \"Limit used\" is "+
		"calls / (R x minutes), over the span from the first to the last API call, and over the whole apply "+
		"(terraform's own start-up and plan included). The provider's bucket holds up to the API's limit less "+
		"`requests_per_minute` (learned from the first answer's `inin-ratelimit-*` headers), so the calls held up "+
		"while Terraform plans are made up afterwards and no minute carries more than the limit; over a span "+
		"shorter than a minute (a small N) the figure can read above 100%%.\n\n", rate, int(float64(rate)*share), share*100)
	b.WriteString("| N | API calls | 429s | failures | apply wall | limit used (calls span) | limit used (whole apply) |\n|---|---|---|---|---|---|---|\n")
	for _, r := range full(results) {
		fmt.Fprintf(&b, "| %d | %d | %d | %d | %.0f s | %.0f%% | %.0f%% |\n", r.n, r.applyCalls, r.apply429, r.failures,
			r.applyWall.Seconds(), 100*used(r.applyCalls, r.applySpan, rate), 100*used(r.applyCalls, r.applyWall, rate))
	}
	b.WriteString("\n## genesysauth_authorized_clients_exclusive over N managed clients and N/2 authorized by hand\n\n" +
		"The configuration above plus the exclusive resource with the N managed clients in `client_ids` (a managed " +
		"client left out fails the plan: one owner per client), after N/2 more clients are authorized by hand outside " +
		"Terraform: its plan (a create naming what it revokes: those N/2 and the clients the emulator's seed authorized " +
		"by hand) is timed in turn with the same plan without it (median of the same number of plans); then it is " +
		"applied, and the state file's size compared. `max_revocations` is the number of clients authorized outside " +
		"`client_ids` (not built-in) in the emulator's store before the plan, and the bench checks that the apply " +
		"revoked exactly those.\n\n")
	b.WriteString("| N | plan API calls (without it) | of which listings | plan wall with / without | ratio | max_revocations | revoked by the apply (bench clients + seed's) | terraform.tfstate without / with, after the apply | ratio | with, after the next refresh | ratio | of the state after the apply (compact JSON) |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range full(results) {
		fmt.Fprintf(&b, "| %d | %d (%d) | %d | %.2f / %.2f s | %.2fx | %d | %s | %d / %d bytes | %.2fx | %d bytes | %.2fx | %s |\n", r.n, r.exclCalls, r.planCalls, r.exclLists,
			r.exclWall.Seconds(), r.exclBase.Seconds(), ratio(r.exclWall, r.exclBase), r.exclBudget, revokedText(r), r.stateBefore, r.stateAfter,
			float64(r.stateAfter)/float64(max(r.stateBefore, 1)), r.stateRefreshed, float64(r.stateRefreshed)/float64(max(r.stateBefore, 1)), partsText(r))
	}
	if pipelines != nil {
		writeConcurrent(&b, *pipelines)
	}
	for _, r := range results {
		if p := r.prof; p != nil {
			fmt.Fprintf(&b, "\n## Where the provider's time and memory go in a plan of %d\n\n"+
				"One more plan of the configuration above with the provider built as `internal/bench/profprovider` "+
				"(served as `main.go` serves it, plus pprof), the profiles of every provider process of that plan merged "+
				"(`go tool pprof -top -cum -show_from=terraform-provider-genesysauth/internal`: the provider's own code and "+
				"what it calls, by cumulative share; the first line's total is the whole process, the framework's own work "+
				"included). CPU:\n\n```\n%s```\n\nAllocations (`-sample_index=alloc_space`; peak memory follows "+
				"what is allocated and kept between collections):\n\n```\n%s```\n", p.n, p.cpu, p.heap)
		}
	}
	if notes, err := os.ReadFile(notesFile); err == nil {
		b.WriteString("\n")
		b.Write(notes)
	}
	if goBench != "" {
		if data, err := os.ReadFile(goBench); err == nil {
			fmt.Fprintf(&b, "\n## Go benchmarks\n\n`go test -run '^$' -bench . -benchmem ./internal/genesys ./internal/provider`\n\n```\n%s```\n", data)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
