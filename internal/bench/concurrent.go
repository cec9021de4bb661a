package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// concurrentResult is several pipelines applying at once against one
// organization with the same OAuth client: each run signs in with a token
// of its own, so each has the API's per-token limit to itself; the token
// endpoint is shared.
type concurrentResult struct {
	runs, clients int
	tokenLimit    int
	alone         time.Duration   // one run by itself
	together      []time.Duration // each run of the ones started together
	calls, c429   int
	tokenRefused  int
	tokenRequests int
	failures      int // clients not Authorized afterwards, of every run
	errs          []string
}

// measureConcurrent applies `clients` authorizations alone, then `runs`
// configurations of as many clients each started at the same moment, all
// against one emulator at the API's limits (300 requests a minute per
// token) with a token endpoint limit of tokenLimit a minute.
func measureConcurrent(work, tf string, env []string, runs, clients, tokenLimit int) (concurrentResult, error) {
	r := concurrentResult{runs: runs, clients: clients, tokenLimit: tokenLimit}
	srv, err := emulator.Start(emulator.Options{TokenRateLimit: tokenLimit})
	if err != nil {
		return r, err
	}
	defer srv.Close()
	ids, err := srv.AddClients("Pipeline client", clients*(runs+1), []string{"users:readonly"})
	if err != nil {
		return r, err
	}
	config := func(dir string, ids []string) error {
		return writeConfig(dir, authorizationsConfig(srv, "", ids, []string{"users:readonly"}))
	}
	base := filepath.Join(work, "concurrent")
	alone := filepath.Join(base, "alone")
	if err := config(alone, ids[:clients]); err != nil {
		return r, err
	}
	t0 := time.Now()
	if _, err := terraform(tf, alone, env, "apply", "-auto-approve", "-input=false"); err != nil {
		return r, fmt.Errorf("the run alone: %w", err)
	}
	r.alone = time.Since(t0)

	srv.ResetCalls()
	tokensBefore := len(srv.IssuedTokens())
	r.together = make([]time.Duration, runs)
	errs := make([]error, runs)
	var wg sync.WaitGroup
	for i := range runs {
		dir := filepath.Join(base, fmt.Sprintf("run%d", i))
		if err := config(dir, ids[clients*(i+1):clients*(i+2)]); err != nil {
			return r, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			_, errs[i] = terraform(tf, dir, env, "apply", "-auto-approve", "-input=false")
			r.together[i] = time.Since(t0)
		}()
	}
	wg.Wait()
	r.calls, r.c429 = srv.APICalls(), srv.Calls(emulator.Route429)
	r.tokenRefused = srv.Calls(emulator.RouteTokenRefused)
	r.tokenRequests = len(srv.IssuedTokens()) - tokensBefore
	for _, err := range errs {
		if err != nil {
			r.errs = append(r.errs, firstLine(err.Error()))
		}
	}
	for _, id := range ids {
		if a, ok := srv.Authorization(id); !ok || a.State != genesys.StateAuthorized {
			r.failures++
		}
	}
	return r, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func (r concurrentResult) ratios() []string {
	out := make([]string, len(r.together))
	for i, d := range r.together {
		out[i] = fmt.Sprintf("%.2fx", ratio(d, r.alone))
	}
	return out
}

func printConcurrent(w io.Writer, r concurrentResult) {
	fmt.Fprintf(w, "%d applies of %d clients at once: alone %.0fs; together %s (%s of alone); %d API calls, %d x 429, "+
		"%d token requests, %d refused by the token limit (%d a minute); %d failures %v\n",
		r.runs, r.clients, r.alone.Seconds(), durations(r.together), strings.Join(r.ratios(), " "), r.calls, r.c429,
		r.tokenRequests, r.tokenRefused, r.tokenLimit, r.failures, r.errs)
}

func durations(ds []time.Duration) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("%.0fs", d.Seconds())
	}
	return strings.Join(out, " ")
}

func writeConcurrent(b *strings.Builder, r concurrentResult) {
	fmt.Fprintf(b, "\n## %d pipelines applying at once against one organization, with the same OAuth client\n\n"+
		"Each run applies %d authorizations with the provider's defaults (`requests_per_minute` 280), against the "+
		"emulator at the API's limit of 300 requests a minute per token and a token endpoint that answers %d token "+
		"requests a minute for all runs together (modelled: the real figure is not published; past it, 400 "+
		"`invalid_request`, retried by the provider). First one run alone, then %d runs started at the same moment, "+
		"each timed as a ratio to the run alone. Every run signs in with a token of its own.\n\n", r.runs, r.clients,
		r.tokenLimit, r.runs)
	b.WriteString("| run alone | each run started together | ratio to alone | API calls (together) | 429s | token requests | refused by the token limit, then retried | clients not authorized afterwards | failed runs |\n|---|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(b, "| %.0f s | %s | %s | %d | %d | %d | %d | %d | %d |\n", r.alone.Seconds(), durations(r.together),
		strings.Join(r.ratios(), " "), r.calls, r.c429, r.tokenRequests, r.tokenRefused, r.failures, len(r.errs))
}
