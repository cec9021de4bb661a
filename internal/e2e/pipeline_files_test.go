package e2e_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// githubWorkflow is the part of a GitHub Actions workflow that decides
// which runs queue behind which.
type githubWorkflow struct {
	On          map[string]any       `yaml:"on"`
	Concurrency *githubConcurrency   `yaml:"concurrency"`
	Jobs        map[string]githubJob `yaml:"jobs"`
}

type githubJob struct {
	If          string             `yaml:"if"`
	Concurrency *githubConcurrency `yaml:"concurrency"`
}

type githubConcurrency struct {
	Group            string `yaml:"group"`
	CancelInProgress any    `yaml:"cancel-in-progress"`
}

// UnmarshalYAML reads both forms of concurrency: a group name alone, or
// the map with group and cancel-in-progress.
func (c *githubConcurrency) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		c.Group = n.Value
		return nil
	}
	type plain githubConcurrency
	return n.Decode((*plain)(c))
}

// The GitHub workflow never lets a merged change be cancelled before it is
// applied. GitHub keeps one pending run (or job) per concurrency group and
// cancels it when a newer one queues, even with cancel-in-progress false;
// so the apply of a push to main must be in a group that no run of another
// event, and no other job, can join. A pending apply may only be replaced
// by the apply of a later push to main, whose checkout holds the earlier
// merge. The group of each job is evaluated for each event that runs it,
// with the values GitHub gives the expressions it uses.
func TestPipelineFiles_githubNeverCancelsAPendingApply(t *testing.T) {
	t.Parallel()
	var wf githubWorkflow
	readYAML(t, filepath.Join("..", "..", "examples", "pipelines", "github", "genesysauth.yml"), &wf)

	// The events the workflow runs on, with what its expressions read.
	contexts := map[string]map[string]string{
		"pull_request":      {"github.event_name": "pull_request", "github.ref": "refs/pull/7/merge", "github.event.pull_request.number": "7", "github.head_ref": "feature"},
		"push":              {"github.event_name": "push", "github.ref": "refs/heads/main"},
		"schedule":          {"github.event_name": "schedule", "github.ref": "refs/heads/main"},
		"workflow_dispatch": {"github.event_name": "workflow_dispatch", "github.ref": "refs/heads/main"},
	}
	for ev := range wf.On {
		if contexts[ev] == nil {
			t.Fatalf("the workflow runs on %q, which this test does not model: add its context", ev)
		}
	}
	expr := regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
	eval := func(group, ev string) string {
		return expr.ReplaceAllStringFunc(group, func(m string) string {
			key := expr.FindStringSubmatch(m)[1]
			v, ok := contexts[ev][key]
			if !ok {
				t.Fatalf("the concurrency group %q uses %q, which this test does not model for %s", group, key, ev)
			}
			return v
		})
	}
	eventIs := regexp.MustCompile(`github\.event_name == '([a-z_]+)'`)
	type run struct{ job, event string }
	groups := map[string][]run{} // evaluated group -> the (job, event) runs in it
	var applyGroup string
	var applyConc *githubConcurrency
	for name, job := range wf.Jobs {
		var events []string
		for _, m := range eventIs.FindAllStringSubmatch(job.If, -1) {
			events = append(events, m[1])
		}
		if job.If == "" {
			for ev := range wf.On {
				events = append(events, ev)
			}
		} else if len(events) == 0 {
			t.Fatalf("job %s: this test cannot read its condition %q", name, job.If)
		}
		conc := job.Concurrency
		if conc == nil {
			conc = wf.Concurrency
		}
		for _, ev := range events {
			if conc == nil {
				if name == "apply" {
					t.Fatalf("the apply job is in no concurrency group: two applies could run at once")
				}
				continue
			}
			g := eval(conc.Group, ev)
			groups[g] = append(groups[g], run{name, ev})
			if name == "apply" && ev == "push" {
				applyGroup, applyConc = g, conc
			}
		}
	}
	if applyConc == nil {
		t.Fatalf("no apply job runs on a push to main: %+v", wf.Jobs)
	}
	if v, ok := applyConc.CancelInProgress.(bool); !ok || v {
		t.Errorf("the apply's group has cancel-in-progress %v: a running apply could be cancelled half-way; want false", applyConc.CancelInProgress)
	}
	for _, r := range groups[applyGroup] {
		if r != (run{"apply", "push"}) {
			t.Errorf("job %s of a %s run shares the apply's concurrency group %q: when it queues, GitHub cancels a pending push-to-main apply and that merge is never applied",
				r.job, r.event, applyGroup)
		}
	}
}

// gitlabJob is the part of a GitLab CI job that decides its credentials
// and its queue.
type gitlabJob struct {
	Script        []string `yaml:"script"`
	ResourceGroup string   `yaml:"resource_group"`
	Environment   any      `yaml:"environment"`
}

// The GitLab pipeline's jobs that sign in to the organization (plan, apply,
// drift) name one environment, so that variables scoped to it give the plan
// that is reviewed and the apply of that plan the same organization's
// credentials; and they share one resource_group, which queues and cancels
// nothing.
func TestPipelineFiles_gitlabPlanAndApplyShareCredentials(t *testing.T) {
	t.Parallel()
	var doc map[string]yaml.Node
	readYAML(t, filepath.Join("..", "..", "examples", "pipelines", "gitlab", ".gitlab-ci.yml"), &doc)
	signsIn := regexp.MustCompile(`genesysauth-ci\.sh (plan|apply|drift)\b`)
	envs, groups := map[string]string{}, map[string]string{}
	for name, node := range doc {
		if node.Kind != yaml.MappingNode {
			continue
		}
		var job gitlabJob
		if err := node.Decode(&job); err != nil || job.Script == nil {
			continue // not a job (variables, default, ...)
		}
		if !slices.ContainsFunc(job.Script, signsIn.MatchString) {
			continue
		}
		env := ""
		switch e := job.Environment.(type) {
		case string:
			env = e
		case map[string]any:
			env, _ = e["name"].(string)
			if a, _ := e["action"].(string); name != "apply" && a != "prepare" && a != "verify" && a != "access" {
				t.Errorf("job %s names the environment %q with action %q: only the apply job deploys", name, env, a)
			}
		}
		envs[name], groups[name] = env, job.ResourceGroup
	}
	for _, want := range []string{"plan", "apply", "drift"} {
		if _, ok := envs[want]; !ok {
			t.Fatalf("no job %s signs in (jobs that do: %v)", want, envs)
		}
	}
	for name, env := range envs {
		if env == "" || env != envs["apply"] {
			t.Errorf("job %s runs in environment %q and the apply job in %q: environment-scoped variables would sign them in to different organizations (all: %v)",
				name, env, envs["apply"], envs)
		}
		if groups[name] == "" || groups[name] != groups["apply"] {
			t.Errorf("job %s is in resource_group %q and the apply job in %q (all: %v)", name, groups[name], groups["apply"], groups)
		}
	}
}

func readYAML(t *testing.T, path string, into any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if strings.TrimSpace(string(b)) == "" {
		t.Fatalf("%s is empty", path)
	}
}

// genesysauth-ci.sh policy over a folder that has no rule defining
// data.genesysauth.deny (only the team's data, another package's rules,
// nothing, or no folder at all): opa prints nothing, which is no policy
// run, so the step fails with one ::error:: line that says so, never a
// shell error and never "no denial". The saved plan's JSON comes from a
// stub CLI; OPA is the real one.
func TestPipelineScript_policyWithoutRules(t *testing.T) {
	t.Parallel()
	opa := opaBinary(t)
	script, _ := filepath.Abs(filepath.Join("..", "..", "examples", "pipelines", "genesysauth-ci.sh"))
	shipped, _ := filepath.Abs(filepath.Join("..", "..", "policies"))
	cases := map[string]func(dir string){
		"data only": func(dir string) {
			writeFile(t, filepath.Join(dir, "genesysauth", "approved", "scopes.json"), `{"scopes": []}`)
		},
		"another package": func(dir string) {
			writeFile(t, filepath.Join(dir, "other.rego"), "package other\n\ndeny contains \"x\" if false\n")
		},
		"empty":     func(string) {},
		"no folder": nil,
	}
	run := func(policies string) (string, int) {
		work := t.TempDir()
		writeFile(t, filepath.Join(work, "authorizations", "tfplan"), "saved plan")
		stub := filepath.Join(work, "terraform")
		writeFile(t, stub, "#!/bin/sh\necho '{\"format_version\":\"1.2\",\"resource_changes\":[]}'\n")
		if err := os.Chmod(stub, 0o700); err != nil { //nolint:gosec // the test's own stub CLI
			t.Fatal(err)
		}
		cmd := exec.CommandContext(t.Context(), "bash", script, "policy")
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_DIR=authorizations", "TERRAFORM="+stub, "OPA="+opa, "POLICY_DIR="+policies, "SUMMARY_FILE=/dev/null")
		out, err := cmd.CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "policies")
			if setup != nil {
				if err := os.MkdirAll(dir, 0o750); err != nil {
					t.Fatal(err)
				}
				setup(dir)
			}
			out, code := run(dir)
			if code != 1 || !strings.Contains(out, "::error::") || strings.Contains(out, "integer expression") ||
				strings.Contains(out, "no denial") || !strings.Contains(out, dir) {
				t.Errorf("policy over %s exited %d; want 1 and one ::error:: line naming the folder:\n%s", name, code, out)
			}
		})
	}
	// The provider's own policies on a plan that changes nothing: no denial.
	if out, code := run(shipped); code != 0 || !strings.Contains(out, "Policies: no denial.") {
		t.Errorf("policy over the shipped policies exited %d:\n%s", code, out)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// genesysauth-ci.sh drift's table on a plan JSON of the shapes it reads (a
// stub CLI: plan exits 2, show -json prints the plan): one row per drifted
// client, from the resource's refreshed state, the exclusive resource's
// entries and the data source for a client no longer in the state; a name
// with a pipe, a tab and a newline stays in its cell; where the API named
// no one the cell says so, and no name is made up.
func TestPipelineScript_driftTable(t *testing.T) {
	t.Parallel()
	script, _ := filepath.Abs(filepath.Join("..", "..", "examples", "pipelines", "genesysauth-ci.sh"))
	plan := `{"format_version": "1.2",
 "prior_state": {"values": {"root_module": {"resources": [], "child_modules": [{"resources": [
  {"address": "module.a.data.genesysauth_authorized_clients.live", "mode": "data", "type": "genesysauth_authorized_clients",
   "values": {"clients": [{"client_id": "22222222-2222-4222-8222-222222222222", "client_name": "Gone App", "state": "Revoked",
     "modified_by": null, "modified_at": "2026-11-26T10:00:00.000Z"}]}}]}]}}},
 "resource_changes": [
  {"address": "genesysauth_authorized_client.one", "type": "genesysauth_authorized_client", "change": {"actions": ["update"],
   "before": {"client_id": "11111111-1111-4111-8111-111111111111", "client_name": "Pipe | Tab\tNew\nline", "scopes": ["a", "x"],
     "roles": null, "modified_by": "Ann | Lee", "modified_at": "2026-11-26T09:00:00.000Z"},
   "after": {"client_id": "11111111-1111-4111-8111-111111111111", "scopes": ["a", "b"], "roles": null}}},
  {"address": "module.a.genesysauth_authorized_client.gone", "type": "genesysauth_authorized_client", "change": {"actions": ["create"],
   "before": null, "after": {"client_id": "22222222-2222-4222-8222-222222222222"}}},
  {"address": "genesysauth_authorized_clients_exclusive.this", "type": "genesysauth_authorized_clients_exclusive",
   "change": {"actions": ["update"], "before": {"unmanaged": {}}, "after": {"unmanaged": {"33333333-3333-4333-8333-333333333333":
     {"client_name": "Outside", "state": "Revoked", "action": "revoke", "modified_by": "Jane Doe", "modified_at": "2026-11-26T11:00:00.000Z"}}}}},
  {"address": "data.genesysauth_authorized_clients.live", "type": "genesysauth_authorized_clients", "change": {"actions": ["read"]}}
 ]}`
	work := t.TempDir()
	writeFile(t, filepath.Join(work, "plan.json"), plan)
	stub := filepath.Join(work, "terraform")
	writeFile(t, stub, "#!/bin/sh\nfor a in \"$@\"; do case $a in plan) exit 2;; show) cat "+filepath.Join(work, "plan.json")+"; exit 0;; esac; done\n")
	if err := os.Chmod(stub, 0o700); err != nil { //nolint:gosec // the test's own stub CLI
		t.Fatal(err)
	}
	summary := filepath.Join(work, "summary.md")
	cmd := exec.CommandContext(t.Context(), "bash", script, "drift")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "TF_DIR=.", "TERRAFORM="+stub, "SUMMARY_FILE="+summary)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("drift exited %v, want 2:\n%s", err, out)
	}
	rows := []string{
		"| Client | What changed | Who | When |\n|---|---|---|---|\n",
		`| Pipe \| Tab New line (11111111-1111-4111-8111-111111111111) | scopes: added x, removed b; apply will set the configuration's again | Ann \| Lee | 2026-11-26T09:00:00.000Z |` + "\n",
		"| Gone App (22222222-2222-4222-8222-222222222222) | Revoked outside Terraform: apply will authorize it again | (not named by the API) | 2026-11-26T10:00:00.000Z |\n",
		"| Outside (33333333-3333-4333-8333-333333333333) | authorized outside client_ids: apply will revoke it | Jane Doe | 2026-11-26T11:00:00.000Z |\n",
	}
	b, _ := os.ReadFile(summary) //nolint:gosec // the test's own file
	for _, row := range rows {
		if !strings.Contains(string(out), row) || !strings.Contains(string(b), row) {
			t.Errorf("the log or the summary lacks the row %q:\nlog:\n%s\nsummary:\n%s", row, out, b)
		}
	}
	if n := strings.Count(string(b), "\n| "); n != 4 {
		t.Errorf("the table has %d rows, want 4 (the header, three clients):\n%s", n, b)
	}
}
