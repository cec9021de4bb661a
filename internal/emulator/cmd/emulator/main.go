// Command emulator runs the Authorized Applications API emulator until it
// is stopped, or sends it an out-of-band change:
//
//	emulator [-addr 127.0.0.1:0] [-allow-remote] [-seed seed.json] [-rate-limit 300] [-token-lifetime 24h] [-latency 0] [-omit-who] [-env-file F]
//	emulator change -url URL -action set-scopes -client ID -scopes a,b [-as "Jane Doe"]
//	emulator fault -url URL -route 'PUT /api/v2/oauth/authorizations/{clientId}' -fault 503 -times 2
//	emulator fault -url URL -clear
//	emulator calls -url URL [-reset]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
)

func main() {
	if len(os.Args) > 1 {
		if sub, ok := map[string]func([]string) error{"change": change, "fault": fault, "calls": calls}[os.Args[1]]; ok {
			if err := sub(os.Args[2:]); err != nil {
				fmt.Fprintf(os.Stderr, "emulator %s: %v\n", os.Args[1], err)
				os.Exit(1)
			}
			return
		}
	}
	if err := serve(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "emulator:", err)
		os.Exit(1)
	}
}

func serve(args []string) error {
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (loopback unless -allow-remote)")
	allowRemote := fs.Bool("allow-remote", false, "allow an -addr that is not loopback (the control endpoints need no authentication)")
	seedFile := fs.String("seed", "", "JSON seed file (default: the embedded organization)")
	rateLimit := fs.Int("rate-limit", 0, "requests a minute per token (0: 300, negative: none)")
	lifetime := fs.Duration("token-lifetime", 24*time.Hour, "lifetime of issued tokens")
	latency := fs.Duration("latency", 0, "latency added to every answer")
	envFile := fs.String("env-file", "", "also write the connection settings as shell variables to this file")
	omitWho := fs.Bool("omit-who", false, "answer with no createdBy/modifiedBy on any record, as an API that names no one")
	extra := fs.Int("extra-clients", 0, "add this many third-party clients (IDs 00000000-0000-4000-8000-000000000001 and on)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := emulator.Options{Addr: *addr, AllowRemote: *allowRemote, RateLimit: *rateLimit, TokenLifetime: *lifetime, Latency: *latency, OmitWho: *omitWho}
	adminID, adminSecret := emulator.AdminClientID, emulator.AdminClientSecret
	if *seedFile != "" {
		seed, err := emulator.LoadSeed(*seedFile)
		if err != nil {
			return err
		}
		opts.Seed = seed
		adminID, adminSecret = seed.Credentials[0].ID, seed.Credentials[0].Secret
	}
	srv, err := emulator.Start(opts)
	if err != nil {
		return err
	}
	if *extra > 0 {
		if _, err := srv.AddClients("Bench client", *extra, []string{"users:readonly", "analytics:readonly"}); err != nil {
			return err
		}
	}
	env := fmt.Sprintf("GENESYSAUTH_API_URL=%s\nGENESYSAUTH_TOKEN_URL=%s\nGENESYSCLOUD_OAUTHCLIENT_ID=%s\nGENESYSCLOUD_OAUTHCLIENT_SECRET=%s\n",
		srv.URL(), srv.TokenURL(), adminID, adminSecret)
	fmt.Printf("emulator listening on %s\n%s", srv.URL(), env)
	if *envFile != "" {
		if err := os.WriteFile(*envFile, []byte(env), 0o600); err != nil {
			return err
		}
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return srv.Close()
}

func change(args []string) error {
	fs := flag.NewFlagSet("change", flag.ContinueOnError)
	base := fs.String("url", os.Getenv("GENESYSAUTH_API_URL"), "emulator base URL")
	action := fs.String("action", "", "one of "+strings.Join(emulator.ChangeActions(), ", "))
	client := fs.String("client", "", "client ID")
	scopes := fs.String("scopes", "", "comma-separated scopes")
	roles := fs.String("roles", "", "comma-separated role IDs (authorize)")
	role := fs.String("role", "", "role ID (add-role, remove-role)")
	as := fs.String("as", "", "the administrator's name the change is recorded under (modifiedBy); default: "+emulator.HandAdminName)
	if err := fs.Parse(args); err != nil {
		return err
	}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	body, _ := json.Marshal(emulator.ChangeRequest{Action: *action, ClientID: *client, Scopes: split(*scopes), Roles: split(*roles), Role: *role, As: *as})
	if _, err := control(http.MethodPost, *base, "/_emulator/changes", body); err != nil {
		return err
	}
	who := *as
	if who == "" {
		who = emulator.HandAdminName
	}
	fmt.Printf("changed by hand: %s %s (as %s)\n", *action, *client, who)
	return nil
}

// fault scripts the next answers of a route (POST /_emulator/faults), or
// clears every fault not yet used.
func fault(args []string) error {
	fs := flag.NewFlagSet("fault", flag.ContinueOnError)
	base := fs.String("url", os.Getenv("GENESYSAUTH_API_URL"), "emulator base URL")
	route := fs.String("route", "", "the route, as GET /emulator/calls names it, e.g. 'GET /api/v2/oauth/authorizations'")
	kind := fs.String("fault", "", "a status from 400 to 599 or one of "+strings.Join(emulator.FaultNames(), ", "))
	times := fs.Int("times", 1, "how many of the next calls answer with the fault")
	clearAll := fs.Bool("clear", false, "drop every fault not yet used instead")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *clearAll {
		_, err := control(http.MethodDelete, *base, "/_emulator/faults", nil)
		return err
	}
	body, _ := json.Marshal(emulator.FaultRequest{Route: *route, Fault: *kind, Times: *times})
	if _, err := control(http.MethodPost, *base, "/_emulator/faults", body); err != nil {
		return err
	}
	fmt.Printf("fault scripted: the next %d calls to %s answer %s\n", *times, *route, *kind)
	return nil
}

// calls prints the call counters (GET /_emulator/calls), one route a line,
// or sets them to zero.
func calls(args []string) error {
	fs := flag.NewFlagSet("calls", flag.ContinueOnError)
	base := fs.String("url", os.Getenv("GENESYSAUTH_API_URL"), "emulator base URL")
	reset := fs.Bool("reset", false, "set every counter to zero")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *reset {
		_, err := control(http.MethodDelete, *base, "/_emulator/calls", nil)
		return err
	}
	out, err := control(http.MethodGet, *base, "/_emulator/calls", nil)
	if err != nil {
		return err
	}
	var counts map[string]int
	if err := json.Unmarshal(out, &counts); err != nil {
		return fmt.Errorf("the counters: %w", err)
	}
	routes := make([]string, 0, len(counts))
	for r := range counts {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		fmt.Printf("%d\t%s\n", counts[r], r)
	}
	return nil
}

// control calls one of the emulator's /_emulator/ endpoints.
func control(method, base, path string, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, strings.TrimRight(base, "/")+path, rd) //nolint:gosec // the emulator URL given on the command line
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req) //nolint:gosec // the emulator URL given on the command line
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%d: %s", resp.StatusCode, out)
	}
	return out, nil
}
