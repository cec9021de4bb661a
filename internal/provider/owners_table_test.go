package provider

import (
	"context"
	"strings"
	"testing"
)

// call is one ModifyPlan of an instance: its token and what it claims.
type call struct {
	token string
	c     claim
}

// interleavings lists every order of the calls that keeps each instance's
// own calls in their order (Terraform plans a replacement's change before
// its create, and different instances in any order).
func interleavings(calls []call) [][]call {
	if len(calls) == 0 {
		return [][]call{nil}
	}
	var out [][]call
	seen := map[string]bool{}
	for i, c := range calls {
		if seen[c.token] {
			continue // a later call of an instance never goes before its first
		}
		seen[c.token] = true
		rest := append(append([]call{}, calls[:i]...), calls[i+1:]...)
		for _, tail := range interleavings(rest) {
			out = append(out, append([]call{c}, tail...))
		}
	}
	return out
}

func order(calls []call) string {
	var b strings.Builder
	for _, c := range calls {
		b.WriteString(c.token + " ")
	}
	return b.String()
}

// Every order in which Terraform may plan the instances finds the same
// conflict (or none): one owner per client does not depend on timing.
func TestOwnersEveryOrder(t *testing.T) {
	const x, y = "client-x", "client-y"
	builtinX := func(_ context.Context, id string) bool { return id == x }
	allowed := func(ids ...string) idSet { return newIDSet(ids...) }
	cases := []struct {
		name    string
		calls   []call
		builtin func(context.Context, string) bool
		want    string // the conflict's summary; "" for none
	}{
		{"a replacement frees X (two calls), another resource takes X", []call{
			{"a", claim{keeps: y, revokes: x}}, {"a", claim{keeps: y}}, {"b", claim{keeps: x}},
		}, nil, "OAuth client revoked and authorized in one plan"},
		{"a rename without moved: the old address revokes X, the new one creates it", []call{
			{"old", claim{revokes: x}}, {"new", claim{keeps: x}},
		}, nil, "OAuth client revoked and authorized in one plan"},
		{"two resources for one client", []call{
			{"a", claim{keeps: x}}, {"b", claim{keeps: x}},
		}, nil, "Two resources for one OAuth client"},
		{"-replace of one resource (two calls, one client)", []call{
			{"a", claim{keeps: x}}, {"a", claim{keeps: x}}, {"b", claim{keeps: y}},
		}, nil, ""},
		{"two exclusive resources", []call{
			{"e1", claim{exclusive: true, allowed: allowed()}}, {"e2", claim{exclusive: true, allowed: allowed()}},
		}, nil, "Two genesysauth_authorized_clients_exclusive resources for one organization"},
		{"an exclusive replacement (two calls) beside the resources it lists", []call{
			{"e", claim{exclusive: true, allowed: allowed(x, y)}}, {"e", claim{exclusive: true, allowed: allowed(x, y)}},
			{"a", claim{keeps: x}}, {"b", claim{keeps: y}},
		}, nil, ""},
		{"a managed client outside client_ids", []call{
			{"e", claim{exclusive: true, allowed: allowed(y)}}, {"a", claim{keeps: x}},
		}, nil, "OAuth client managed outside the exclusive resource's client_ids"},
		{"a managed client outside an empty client_ids, the exclusive replaced", []call{
			{"e", claim{exclusive: true, allowed: allowed()}}, {"e", claim{exclusive: true, allowed: allowed()}}, {"a", claim{keeps: x}},
		}, nil, "OAuth client managed outside the exclusive resource's client_ids"},
		{"a built-in client outside client_ids, revoke_builtin unset: left alone", []call{
			{"e", claim{exclusive: true, allowed: allowed(y)}}, {"a", claim{keeps: x}},
		}, builtinX, ""},
		{"a built-in client outside client_ids, revoke_builtin set", []call{
			{"e", claim{exclusive: true, allowed: allowed(y), revokeBuiltin: true}}, {"a", claim{keeps: x}},
		}, builtinX, "OAuth client managed outside the exclusive resource's client_ids"},
		{"client_ids unknown at plan time: refused by its own plan, not here", []call{
			{"e", claim{exclusive: true}}, {"a", claim{keeps: x}},
		}, nil, ""},
		{"a resource destroyed while the exclusive list omits its client", []call{
			{"e", claim{exclusive: true, allowed: allowed(y)}}, {"a", claim{revokes: x}},
		}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			orders := interleavings(tc.calls)
			for _, calls := range orders {
				o := owners{builtin: tc.builtin}
				var got []string
				for _, c := range calls {
					if bad := o.record(t.Context(), c.token, c.c); bad != nil {
						got = append(got, bad.summary)
					}
				}
				switch {
				case tc.want == "" && len(got) > 0:
					t.Errorf("order %s: conflicts %q, want none", order(calls), got)
				case tc.want != "" && (len(got) == 0 || got[0] != tc.want):
					t.Errorf("order %s: conflicts %q, want %q", order(calls), got, tc.want)
				}
			}
			if len(orders) < 1 {
				t.Fatal("no order")
			}
		})
	}
}
