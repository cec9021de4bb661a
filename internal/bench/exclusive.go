package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// measureExclusive adds genesysauth_authorized_clients_exclusive to the
// configuration of N managed clients, all of them in client_ids (a managed
// client left out is a plan error: one owner per client), after
// authorizing the N/2 outside clients by hand: the plan (a create naming
// what it revokes) taken in turn with the same plan without it, its API
// calls, then the apply and the state's size. It runs last.
//
// What it revokes is every authorized client outside client_ids that is
// not built-in: the N/2 authorized by hand and whatever the seed
// authorized by hand (Tableau in the default seed). max_revocations is set
// to that count, taken from the emulator's store before the plan, and the
// apply is checked to have revoked exactly those clients, so a change to
// the seed or to what the resource revokes fails here with a message
// instead of a budget that is off by one.
func measureExclusive(r *result, srv *emulator.Server, seed *emulator.Seed, tf, dir string, env []string, ids, outside []string, runs int) error {
	for _, id := range outside {
		if err := srv.AuthorizeByHand(id, []string{"users:readonly"}, nil); err != nil {
			return fmt.Errorf("authorizing %s by hand: %w", id, err)
		}
	}
	keep := ids
	revocable := revocableOutside(srv, seed, keep)
	r.exclBudget = len(revocable)
	extra := filepath.Join(dir, "exclusive.tf")
	// Over the default budget: allowed by one deliberate line.
	body := fmt.Sprintf("resource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  client_ids      = local.ids\n  max_revocations = %d\n}\n", len(revocable))
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
	if r.exclParts, err = exclusiveParts(stateFile); err != nil {
		return err
	}
	// The state as every later plan finds it: a refresh drops the entries
	// of the clients just revoked.
	if _, err := terraform(tf, dir, env, "apply", "-refresh-only", "-auto-approve", "-input=false"); err != nil {
		return fmt.Errorf("refresh after the exclusive resource's apply: %w", err)
	}
	if st, err = os.Stat(stateFile); err != nil {
		return err
	}
	r.stateRefreshed = st.Size()
	for _, id := range revocable {
		a, _ := srv.Authorization(id)
		if a.State != genesys.StateRevoked {
			return fmt.Errorf("the exclusive resource's apply left %s (%s) %s: the bench's count of what it revokes "+
				"(revocableOutside) no longer matches the provider", a.Client.Name, id, a.State)
		}
		if strings.HasPrefix(a.Client.Name, "Bench client") {
			r.exclRevoked++
		} else {
			r.exclRevokedSeed = append(r.exclRevokedSeed, a.Client.Name)
		}
	}
	if left := revocableOutside(srv, seed, keep); len(left) > 0 {
		return fmt.Errorf("the exclusive resource's apply left %d clients authorized outside client_ids: %v", len(left), left)
	}
	return nil
}

// exclusiveParts is the size of each large attribute of the exclusive
// resource in the state file, as compact JSON (the file indents it too).
func exclusiveParts(stateFile string) (map[string]int, error) {
	data, err := os.ReadFile(stateFile)
	if err != nil {
		return nil, err
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes map[string]json.RawMessage `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("reading %s: %w", stateFile, err)
	}
	parts := map[string]int{}
	for _, res := range st.Resources {
		if res.Type != "genesysauth_authorized_clients_exclusive" {
			continue
		}
		for _, in := range res.Instances {
			for _, name := range []string{"authorizations", "unmanaged", "client_ids"} {
				var compact bytes.Buffer
				if err := json.Compact(&compact, in.Attributes[name]); err != nil {
					return nil, fmt.Errorf("%s in %s: %w", name, stateFile, err)
				}
				parts[name] = compact.Len()
			}
		}
	}
	return parts, nil
}

// revocableOutside is what the exclusive resource revokes with client_ids =
// keep and decline_pending and revoke_builtin left false: every authorized
// client of the emulator's store outside keep that is not built-in in the
// seed (the bench's own clients never are), sorted.
func revocableOutside(srv *emulator.Server, seed *emulator.Seed, keep []string) []string {
	kept := make(map[string]bool, len(keep))
	for _, id := range keep {
		kept[strings.ToLower(id)] = true
	}
	var out []string
	for _, a := range srv.Authorizations() {
		if a.State == genesys.StateAuthorized && !kept[strings.ToLower(a.Client.ID)] && !builtin(seed, a.Client.ID) {
			out = append(out, a.Client.ID)
		}
	}
	slices.Sort(out)
	return out
}

func builtin(seed *emulator.Seed, clientID string) bool {
	return slices.ContainsFunc(seed.Clients, func(c genesys.OAuthClient) bool {
		return c.BuiltIn && strings.EqualFold(c.ID, clientID)
	})
}
