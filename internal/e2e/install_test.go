package e2e_test

// Installing the provider the way users do: the release snapshot of
// `make release-snapshot` placed in a provider mirror that a CLI
// configuration names, `terraform init` (no dev_overrides), a lock file
// whose hash is the published checksum; and the GitOps pipelines of
// examples/pipelines/ run step by step on that installation. `make
// test-install` (part of `make test`) builds the snapshot and runs these.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"golang.org/x/mod/sumdb/dirhash"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/emulator"
	"github.com/genesysauth/terraform-provider-genesysauth/internal/testcli"
)

const providerName = "terraform-provider-genesysauth"

// snapshot is the dist/ directory of `make release-snapshot`.
type snapshot struct {
	dir, version string
}

func distOrSkip(t *testing.T) snapshot {
	t.Helper()
	dir, version := os.Getenv("GENESYSAUTH_DIST"), os.Getenv("GENESYSAUTH_DIST_VERSION")
	if dir == "" || version == "" {
		t.Skip("needs the release snapshot: make test-install (part of make test) builds it and runs this test")
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	return snapshot{dir: dir, version: version}
}

func (s snapshot) file(suffix string) string {
	return filepath.Join(s.dir, fmt.Sprintf("%s_%s_%s", providerName, s.version, suffix))
}

// sums reads the _SHA256SUMS file: file name -> hex digest.
func (s snapshot) sums(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(s.file("SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 {
			out[fields[1]] = fields[0]
		}
	}
	return out
}

// mirrorCLI is a working directory whose terraform installs the provider
// from a filesystem mirror holding the snapshot's zip for this platform,
// as `terraform providers mirror` lays it out, and from nowhere else.
func mirrorCLI(t *testing.T, s snapshot, srv *emulator.Server) *cli {
	t.Helper()
	mirror := t.TempDir()
	host := testcli.UnderTest(t).RegistryHost()
	target := filepath.Join(mirror, host, "genesysauth", "genesysauth")
	if err := os.MkdirAll(target, 0o750); err != nil {
		t.Fatal(err)
	}
	zipName := fmt.Sprintf("%s_%s_%s_%s.zip", providerName, s.version, runtime.GOOS, runtime.GOARCH)
	copyFile(t, filepath.Join(s.dir, zipName), filepath.Join(target, zipName))
	return cliWith(t, srv, fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["%s/genesysauth/*"]
  }
}
`, mirror, host))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// snapshotPlatforms are the platforms the snapshot was built for:
// GENESYSAUTH_DIST_PLATFORMS (make testacc's single-target snapshot names
// this machine's), else the six of a release.
func snapshotPlatforms() []string {
	if p := strings.Fields(os.Getenv("GENESYSAUTH_DIST_PLATFORMS")); len(p) > 0 {
		return p
	}
	var all []string
	for _, goos := range []string{"darwin", "linux", "windows"} {
		for _, arch := range []string{"amd64", "arm64"} {
			all = append(all, goos+"_"+arch)
		}
	}
	return all
}

// The snapshot has what the registry expects: a zip per platform holding
// the binary alone, the manifest, and checksums of them all.
func TestInstall_snapshotArtifacts(t *testing.T) {
	t.Parallel()
	s := distOrSkip(t)
	sums := s.sums(t)
	var want []string
	for _, platform := range snapshotPlatforms() {
		want = append(want, fmt.Sprintf("%s_%s_%s.zip", providerName, s.version, platform))
	}
	// Exactly those zips: make testacc builds only the one it installs.
	if zips, _ := filepath.Glob(filepath.Join(s.dir, "*.zip")); len(zips) != len(want) {
		t.Errorf("dist/ holds %d zips, want %d (%v): %v", len(zips), len(want), snapshotPlatforms(), zips)
	}
	want = append(want, fmt.Sprintf("%s_%s_manifest.json", providerName, s.version))
	for _, name := range want {
		data, err := os.ReadFile(filepath.Join(s.dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); sums[name] != got {
			t.Errorf("%s: SHA256SUMS says %q, the file is %s", name, sums[name], got)
		}
	}
	if len(sums) != len(want) {
		t.Errorf("SHA256SUMS lists %d files, want %d: %v", len(sums), len(want), sums)
	}
	manifest, _ := os.ReadFile(s.file("manifest.json"))
	source, _ := os.ReadFile(filepath.Join("..", "..", "terraform-registry-manifest.json"))
	if string(manifest) != string(source) || !strings.Contains(string(manifest), `"protocol_versions": ["6.0"]`) {
		t.Errorf("the manifest is not terraform-registry-manifest.json:\n%s", manifest)
	}
	out, err := exec.CommandContext(t.Context(), "unzip", "-Z1", s.file(runtime.GOOS+"_"+runtime.GOARCH+".zip")).CombinedOutput()
	if err != nil {
		t.Fatalf("unzip: %v %s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != providerName+"_v"+s.version {
		t.Errorf("the zip holds %q, want the binary %s_v%s alone", got, providerName, s.version)
	}
}

var (
	zhHash = regexp.MustCompile(`"zh:([0-9a-f]{64})"`)
	h1Hash = regexp.MustCompile(`"(h1:[A-Za-z0-9+/=]+)"`)
)

func lockHashes(t *testing.T, dir string, re *regexp.Regexp) []string {
	t.Helper()
	lock, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range re.FindAllStringSubmatch(string(lock), -1) {
		got = append(got, m[1])
	}
	return got
}

// testRegistry serves dist/ over HTTPS on loopback as a provider registry
// does (service discovery and the provider registry protocol), with the
// _SHA256SUMS file signed by a key made for the test, as the release
// signs it with the maintainer's key. It returns the registry's host
// (127.0.0.1:port) and a CA file that terraform trusts through
// SSL_CERT_FILE.
func testRegistry(t *testing.T, s snapshot) (string, string) {
	t.Helper()
	key, err := openpgp.NewEntity("genesysauth test release", "", "release@example.invalid",
		&packet.Config{Algorithm: packet.PubKeyAlgoRSA, RSABits: 2048})
	if err != nil {
		t.Fatal(err)
	}
	sumsData, err := os.ReadFile(s.file("SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	var sig, pub bytes.Buffer
	if err := openpgp.DetachSign(&sig, key, bytes.NewReader(sumsData), nil); err != nil {
		t.Fatal(err)
	}
	aw, err := armor.Encode(&pub, openpgp.PublicKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := key.Serialize(aw); err != nil {
		t.Fatal(err)
	}
	_ = aw.Close()
	sums := s.sums(t)
	var platforms []map[string]string
	for file := range sums {
		if p, ok := strings.CutSuffix(strings.TrimPrefix(file, providerName+"_"+s.version+"_"), ".zip"); ok {
			osArch := strings.SplitN(p, "_", 2)
			platforms = append(platforms, map[string]string{"os": osArch[0], "arch": osArch[1]})
		}
	}
	var base string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const api = "/v1/providers/genesysauth/genesysauth/"
		rest := strings.TrimPrefix(r.URL.Path, api)
		switch {
		case r.URL.Path == "/.well-known/terraform.json":
			writeJSONAnswer(w, map[string]string{"providers.v1": "/v1/providers/"})
		case r.URL.Path == api+"versions":
			writeJSONAnswer(w, map[string]any{"versions": []any{map[string]any{"version": s.version, "protocols": []string{"6.0"}, "platforms": platforms}}})
		case strings.HasPrefix(rest, s.version+"/download/"):
			osArch := strings.Split(strings.TrimPrefix(rest, s.version+"/download/"), "/")
			if len(osArch) != 2 {
				http.NotFound(w, r)
				return
			}
			file := fmt.Sprintf("%s_%s_%s_%s.zip", providerName, s.version, osArch[0], osArch[1])
			writeJSONAnswer(w, map[string]any{
				"protocols": []string{"6.0"}, "os": osArch[0], "arch": osArch[1], "filename": file,
				"download_url": base + "/files/" + file, "shasum": sums[file],
				"shasums_url":           base + "/files/" + providerName + "_" + s.version + "_SHA256SUMS",
				"shasums_signature_url": base + "/files/" + providerName + "_" + s.version + "_SHA256SUMS.sig",
				"signing_keys": map[string]any{"gpg_public_keys": []any{map[string]string{
					"key_id": fmt.Sprintf("%X", key.PrimaryKey.KeyId), "ascii_armor": pub.String(),
				}}},
			})
		case strings.HasSuffix(r.URL.Path, "_SHA256SUMS.sig"):
			_, _ = w.Write(sig.Bytes())
		case strings.HasPrefix(r.URL.Path, "/files/") && !strings.Contains(strings.TrimPrefix(r.URL.Path, "/files/"), "/"):
			http.ServeFile(w, r, filepath.Join(s.dir, strings.TrimPrefix(r.URL.Path, "/files/")))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	base = srv.URL
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(srv.URL, "https://"), ca
}

func writeJSONAnswer(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func requiredProvider(source, version string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    genesysauth = {
      source  = %q
      version = "= %s"
    }
  }
}

provider "genesysauth" {}

resource "genesysauth_authorized_client" "acme" {
  client_id = %q
  scopes    = ["users:readonly"]
}
`, source, version, emulator.ClientAcmeCRM)
}

// terraform init from a registry serving the snapshot verifies the signed
// _SHA256SUMS and writes a lock file whose zh: hashes are exactly the
// published checksums of every platform's zip.
func TestInstall_registryLockFile(t *testing.T) {
	t.Parallel()
	s := distOrSkip(t)
	srv := startEmulator(t, emulator.Options{})
	host, ca := testRegistry(t, s)
	c := mirrorCLI(t, s, srv)
	c.write(".terraformrc", "provider_installation {\n  direct {}\n}\n")
	c.env = append(c.env, "SSL_CERT_FILE="+ca)
	c.write("main.tf", requiredProvider(host+"/genesysauth/genesysauth", s.version))
	out := c.must(0, "init", "-input=false")
	// Terraform calls a key of the provider's own "self-signed", OpenTofu "signed".
	signed := map[bool]string{false: "self-signed", true: "signed"}[testcli.UnderTest(t).OpenTofu]
	if !strings.Contains(out, "Installed "+host+"/genesysauth/genesysauth v"+s.version+" ("+signed+", key ID") {
		t.Errorf("terraform init did not verify the signed checksums:\n%s", out)
	}
	// Every line of the signed file, as terraform records them.
	var want []string
	for _, sum := range s.sums(t) {
		want = append(want, sum)
	}
	got := lockHashes(t, c.dir, zhHash)
	slices.Sort(want)
	slices.Sort(got)
	if len(want) != len(snapshotPlatforms())+1 || !slices.Equal(got, want) { // the zips and the manifest
		t.Errorf("the lock file's zh: hashes %v are not the published checksums %v", got, want)
	}
	c.must(2, "plan", "-input=false", "-detailed-exitcode")
}

// terraform init installs the snapshot from a filesystem mirror, without
// dev_overrides and their warning, checks it against a lock file holding
// the published zh: checksums (as init from the registry writes it), and
// a plan against the emulator works. A zip that is not the published one
// is refused.
func TestInstall_filesystemMirror(t *testing.T) {
	t.Parallel()
	s := distOrSkip(t)
	srv := startEmulator(t, emulator.Options{})
	c := mirrorCLI(t, s, srv)
	c.write("main.tf", requiredProvider("genesysauth/genesysauth", s.version))
	zipName := fmt.Sprintf("%s_%s_%s_%s.zip", providerName, s.version, runtime.GOOS, runtime.GOARCH)
	sums := s.sums(t)
	var hashes []string
	for file, sum := range sums {
		if strings.HasSuffix(file, ".zip") {
			hashes = append(hashes, fmt.Sprintf("    \"zh:%s\",\n", sum))
		}
	}
	slices.Sort(hashes)
	c.write(".terraform.lock.hcl", fmt.Sprintf(`provider %q {
  version     = %q
  constraints = %q
  hashes = [
%s  ]
}
`, testcli.UnderTest(t).ProviderAddress(), s.version, s.version, strings.Join(hashes, "")))

	out := c.must(0, "init", "-input=false")
	if strings.Contains(strings.ToLower(out), "override") {
		t.Errorf("terraform init warned about overrides:\n%s", out)
	}
	if !strings.Contains(out, "Installed genesysauth/genesysauth v"+s.version) {
		t.Errorf("terraform init did not install the snapshot:\n%s", out)
	}
	h1, err := dirhash.HashZip(filepath.Join(s.dir, zipName), dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	if hs := lockHashes(t, c.dir, h1Hash); !slices.Contains(hs, h1) {
		t.Errorf("the lock file's h1: hashes %v lack the zip's %s", hs, h1)
	}
	if got := lockHashes(t, c.dir, zhHash); !slices.Contains(got, sums[zipName]) {
		t.Errorf("after init the lock file's zh: hashes %v lack %s", got, sums[zipName])
	}
	out = c.must(2, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, "Plan: 1 to add, 0 to change, 0 to destroy.") || strings.Contains(strings.ToLower(out), "override") {
		t.Errorf("plan through the installed provider:\n%s", out)
	}

	// A zip that is not one of the published ones, under this platform's
	// name: init refuses it.
	bad := t.TempDir()
	tampered := filepath.Join(bad, testcli.UnderTest(t).RegistryHost(), "genesysauth", "genesysauth")
	if err := os.MkdirAll(tampered, 0o750); err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(filepath.Join(tampered, zipName))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	fw, _ := zw.Create(providerName + "_v" + s.version)
	_, _ = io.WriteString(fw, "#!/bin/sh\necho not the published provider\n")
	_ = zw.Close()
	_ = zf.Close()
	c.write(".terraformrc", fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", bad))
	if err := os.RemoveAll(filepath.Join(c.dir, ".terraform")); err != nil {
		t.Fatal(err)
	}
	out = c.must(1, "init", "-input=false")
	if !strings.Contains(out, "doesn't match any of the checksums previously recorded in the dependency lock file") {
		t.Errorf("init of a zip that is not the published one:\n%s", out)
	}
}

// pipelineSteps reads which genesysauth-ci.sh steps each job of a
// pipeline file runs, in order. Jobs start at a line "  name:" under
// "jobs:" (GitHub Actions) or a top-level "name:" (GitLab CI).
func pipelineSteps(t *testing.T, path string, nested bool) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	jobHeader := regexp.MustCompile(`^([a-z][a-z0-9_-]*):\s*$`)
	if nested {
		jobHeader = regexp.MustCompile(`^  ([a-z][a-z0-9_-]*):\s*$`)
	}
	step := regexp.MustCompile(`genesysauth-ci\.sh (check|plan|policy|apply|drift)\b`)
	jobs := map[string][]string{}
	job, inJobs := "", !nested
	for _, line := range strings.Split(string(data), "\n") {
		if nested && line == "jobs:" {
			inJobs = true
			continue
		}
		if m := jobHeader.FindStringSubmatch(line); m != nil && inJobs {
			job = m[1]
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if m := step.FindStringSubmatch(line); m != nil && job != "" {
			jobs[job] = append(jobs[job], m[1])
		}
	}
	return jobs
}

// The GitOps pipelines of examples/pipelines/, each job's steps run in
// order on the installed provider against the emulator, with the exit
// codes they rely on: 0 no change, 2 changes or drift, 1 the gate or a
// policy denial (the policies of policies/ with the team's data shipped
// there, which approves the pipeline configuration's clients and scopes).
func TestInstall_pipelineSteps(t *testing.T) {
	t.Parallel()
	s := distOrSkip(t)
	pipelines := []struct {
		name, file string
		nested     bool
		want       map[string][]string
		pr, main   []string // jobs of a pull request and of a push to main
		schedule   string
	}{
		{"GitHub Actions", "github/genesysauth.yml", true,
			map[string][]string{"pull-request": {"check", "plan", "policy"}, "apply": {"check", "plan", "policy", "apply"}, "drift": {"check", "drift"}},
			[]string{"pull-request"}, []string{"apply"}, "drift"},
		{"GitLab CI", "gitlab/.gitlab-ci.yml", false,
			map[string][]string{"check": {"check"}, "plan": {"check", "plan", "policy"}, "apply": {"check", "apply"}, "drift": {"check", "drift"}},
			[]string{"check", "plan"}, []string{"check", "plan", "apply"}, "drift"},
	}
	for _, p := range pipelines {
		t.Run(p.name, func(t *testing.T) {
			jobs := pipelineSteps(t, filepath.Join("..", "..", "examples", "pipelines", p.file), p.nested)
			for job, steps := range p.want {
				if !slices.Equal(jobs[job], steps) {
					t.Fatalf("job %s runs %v, want %v (all: %v)", job, jobs[job], steps, jobs)
				}
			}
			srv := startEmulator(t, emulator.Options{})
			c := mirrorCLI(t, s, srv)
			// The repository as the pipeline sees it: the configuration and the script.
			if err := os.MkdirAll(filepath.Join(c.dir, "authorizations"), 0o750); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(c.dir, "ci"), 0o750); err != nil {
				t.Fatal(err)
			}
			// The snapshot's version is a pre-release, which a ~> constraint
			// does not select: the copy pins it.
			cfg, err := os.ReadFile(filepath.Join("..", "..", "examples", "pipelines", "authorizations", "main.tf"))
			if err != nil || !strings.Contains(string(cfg), `version = "~> 0.1"`) {
				t.Fatalf("the pipeline configuration has no version constraint: %v", err)
			}
			c.write(filepath.Join("authorizations", "main.tf"), strings.Replace(string(cfg), `version = "~> 0.1"`, `version = "= `+s.version+`"`, 1))
			copyFile(t, filepath.Join("..", "..", "examples", "pipelines", "genesysauth-ci.sh"), filepath.Join(c.dir, "ci", "genesysauth-ci.sh"))
			copyPolicies(t, filepath.Join(c.dir, "policies"))
			summary := filepath.Join(c.dir, "summary.md")
			// The steps run the CLI under test, as TERRAFORM=tofu makes them run OpenTofu.
			c.env = append(c.env, "TF_DIR=authorizations", "SUMMARY_FILE="+summary, "TERRAFORM="+testcli.UnderTest(t).Path,
				"OPA="+opaBinary(t))

			// runJobs runs the jobs' steps in order as CI does: a step that
			// exits 1 fails its job and ends the pipeline there; plan and
			// drift may exit 2 (changes), any other step 0. It checks the
			// step that ended the run and its exit code, and returns its
			// output.
			runJobs := func(names []string, wantStep string, wantCode int) string {
				t.Helper()
				for _, job := range names {
					for i, verb := range jobs[job] {
						cmd := exec.CommandContext(t.Context(), "bash", "ci/genesysauth-ci.sh", verb)
						cmd.Dir, cmd.Env = c.dir, c.env
						b, err := cmd.CombinedOutput()
						out := string(b)
						code := 0
						if err != nil {
							var ee *exec.ExitError
							if !errors.As(err, &ee) {
								t.Fatalf("%s/%s: %v", job, verb, err)
							}
							code = ee.ExitCode()
						}
						last := i == len(jobs[job])-1 && job == names[len(names)-1]
						if code == 1 || last {
							if verb != wantStep || code != wantCode {
								t.Fatalf("the run ended at job %s, step %s, exit %d; want step %s, exit %d:\n%s", job, verb, code, wantStep, wantCode, out)
							}
							return flat(out)
						}
						if code != 0 && (code != 2 || (verb != "plan" && verb != "drift")) {
							t.Fatalf("job %s, step %s exited %d:\n%s", job, verb, code, out)
						}
					}
				}
				t.Fatalf("no step ran")
				return ""
			}

			// The seed has Tableau authorized by hand: the gate fails the
			// pull request's plan, and the drift job too (exit 1).
			out := runJobs(p.pr, "plan", 1)
			tableau, _ := srv.Authorization(emulator.ClientTableau)
			gate := "Authorized outside this configuration: Tableau Analytics Export (" + emulator.ClientTableau +
				", last changed by Jane Doe at " + tableau.DateModified + ")"
			if !strings.Contains(out, gate) {
				t.Fatalf("the gate did not name Tableau, who authorized it and when (want %q):\n%s", gate, out)
			}
			_ = os.Remove(summary)
			runJobs([]string{p.schedule}, "drift", 1)
			if b, _ := os.ReadFile(summary); !strings.Contains(flat(string(b)), gate) {
				t.Errorf("the drift job's summary does not carry the gate's error (want %q):\n%s", gate, b)
			}

			// Tableau revoked: the pull request plans the two creations,
			// and the policies find nothing to deny (0).
			srv.RevokeByHand(emulator.ClientTableau)
			_ = os.Remove(summary)
			runJobs(p.pr, "policy", 0)
			if b, _ := os.ReadFile(summary); !strings.Contains(string(b), "Plan: 2 to add, 0 to change, 0 to destroy.") ||
				!strings.Contains(string(b), "Policies (policies): no denial.") {
				t.Errorf("the plan summary:\n%s", b)
			}
			// Merged: main plans and applies the saved plan (0).
			runJobs(p.main, "apply", 0)
			if a, _ := srv.Authorization(emulator.ClientAcmeCRM); a.State != "Authorized" {
				t.Fatalf("after the apply job Acme is %s", a.State)
			}
			// The schedule finds no drift (0).
			runJobs([]string{p.schedule}, "drift", 0)
			// A scope removed by hand and a client revoked by hand: the drift
			// job fails (2), names the clients, and ends with a table, one
			// row per client (what changed, who, when), in the log and the
			// summary.
			if err := srv.Apply(emulator.ChangeRequest{Action: "set-scopes", ClientID: emulator.ClientAcmeCRM,
				Scopes: []string{"users:readonly"}, As: "Sam Rivera"}); err != nil {
				t.Fatal(err)
			}
			if err := srv.Apply(emulator.ChangeRequest{Action: "revoke", ClientID: emulator.ClientSlack, As: "Jane Doe"}); err != nil {
				t.Fatal(err)
			}
			acme, _ := srv.Authorization(emulator.ClientAcmeCRM)
			slack, _ := srv.Authorization(emulator.ClientSlack)
			_ = os.Remove(summary)
			out = runJobs([]string{p.schedule}, "drift", 2)
			if !strings.Contains(out, `genesysauth_authorized_client.approved["`+emulator.ClientAcmeCRM+`"] (`+emulator.ClientAcmeCRM+`): update`) {
				t.Errorf("the drift job did not name the drifted client:\n%s", out)
			}
			rows := []string{
				"| Client | What changed | Who | When |",
				"| Acme CRM Connector (" + emulator.ClientAcmeCRM + ") | scopes: removed conversations:readonly; apply will set the configuration's again | Sam Rivera | " + acme.DateModified + " |",
				"| Slack Presence Bridge (" + emulator.ClientSlack + ") | Revoked outside Terraform: apply will authorize it again | Jane Doe | " + slack.DateModified + " |",
			}
			b, _ := os.ReadFile(summary)
			for _, row := range rows {
				if !strings.Contains(out, row) {
					t.Errorf("the drift job's log lacks the row %q:\n%s", row, out)
				}
				if !strings.Contains(string(b), row+"\n") {
					t.Errorf("the drift job's summary lacks the row %q:\n%s", row, b)
				}
			}
			if n := strings.Count(string(b), "\n| "); n != 3 { // the header, two clients
				t.Errorf("the drift table has %d rows, want 3 (the header, one per drifted client):\n%s", n, b)
			}
			// The next push to main puts it back; the schedule is quiet again.
			runJobs(p.main, "apply", 0)
			runJobs([]string{p.schedule}, "drift", 0)

			// A pull request that asks for a scope outside the approved
			// list: the plan passes, the policy step fails the job (1) and
			// names the resource, the client and the scope, in the log and
			// the summary; pushed to main it stops before the apply, and
			// the organization is unchanged.
			approvedCfg, _ := os.ReadFile(filepath.Join(c.dir, "authorizations", "main.tf"))
			c.write(filepath.Join("authorizations", "main.tf"), strings.Replace(string(approvedCfg),
				`["users:readonly", "conversations:readonly"]`, `["users:readonly", "conversations:readonly", "routing"]`, 1))
			c.must(0, "fmt", "authorizations") // as its author does, so the check step passes
			_ = os.Remove(summary)
			srv.ResetCalls()
			denial := `[unapproved-scope] genesysauth_authorized_client.approved["` + emulator.ClientAcmeCRM + `"]: Acme CRM Connector (` +
				emulator.ClientAcmeCRM + `): asks for the scope "routing", which is not in the approved scopes`
			out = runJobs(p.pr, "policy", 1)
			if !strings.Contains(out, "Policies: 1 denials: ::error::"+denial) {
				t.Errorf("the policy step did not print the denial:\n%s", out)
			}
			if b, _ := os.ReadFile(summary); !strings.Contains(string(b), "### Policy denials (1)\n\n- "+denial) {
				t.Errorf("the summary lacks the denial:\n%s", b)
			}
			runJobs(p.main, "policy", 1)
			if n := srv.Calls(emulator.RoutePutAuthorization) + srv.Calls(emulator.RouteRevoke); n != 0 {
				t.Errorf("the refused pull request wrote to the organization: %v", srv.CallCounts())
			}
			if a, _ := srv.Authorization(emulator.ClientAcmeCRM); slices.Contains(a.Scope, "routing") {
				t.Errorf("Acme has the unapproved scope: %v", a.Scope)
			}
		})
	}
}

// copyPolicies copies policies/ (the Rego and the team's data, not the
// unit tests) to a pipeline's repository.
func copyPolicies(t *testing.T, to string) {
	t.Helper()
	from := filepath.Join("..", "..", "policies")
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		switch {
		case d.IsDir():
			return os.MkdirAll(filepath.Join(to, rel), 0o750)
		case strings.HasSuffix(p, "_test.rego"):
			return nil
		}
		copyFile(t, p, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
