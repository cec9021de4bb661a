package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// measureExclusive adds genesysauth_authorized_clients_exclusive to the
// configuration of N managed clients, with the first N/2 in client_ids:
// the plan (a create naming N/2 revocations) taken in turn with the same
// plan without it, its API calls, then the apply and the state's size.
// It runs last: the apply revokes half of the managed clients.
func measureExclusive(r *result, srv *emulator.Server, tf, dir string, env []string, n, runs int) error {
	extra := filepath.Join(dir, "exclusive.tf")
	// N/2 revocations, over the default budget: allowed by one deliberate line.
	body := fmt.Sprintf("resource \"genesysauth_authorized_clients_exclusive\" \"this\" {\n  client_ids      = slice(local.ids, 0, %d)\n  max_revocations = %d\n}\n", n/2, n-n/2)
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
