package provider

import (
	"slices"
	"strings"
	"testing"
)

// IDs are one ID whatever their case, everywhere they are compared; the
// first spelling given is the one kept.
func TestIDSet_comparesWithoutCaseAndKeepsTheFirstSpelling(t *testing.T) {
	const lower = "9e829b65-c0e3-599f-a9f0-7422a0506daa"
	upper := strings.ToUpper(lower)
	s := newIDSet(upper, lower)
	if len(s) != 1 || !s.has(lower) || !s.has(upper) || !s.has("9E829b65-c0e3-599f-a9f0-7422a0506DAA") {
		t.Errorf("set %v: one ID in any case", s)
	}
	if got := s.spelling(lower); got != upper {
		t.Errorf("spelling = %q, want the first one given, %q", got, upper)
	}
	if got := s.keys(); !slices.Equal(got, []string{lower}) {
		t.Errorf("keys = %v, want the lower-case ID", got)
	}
	if !sameIDs([]string{upper, "B2ABFAB4-2360-5587-a6af-99094c67a56f"}, []string{"b2abfab4-2360-5587-a6af-99094c67a56f", lower, lower}) {
		t.Error("the same IDs in another case and order are the same set")
	}
	if sameIDs([]string{lower}, []string{lower, "b2abfab4-2360-5587-a6af-99094c67a56f"}) {
		t.Error("a set with one more ID is not the same")
	}
	if !nameHas("Tableau Analytics Export", "TABLEAU") || nameHas("Tableau", "slack") || !nameHas("x", "") {
		t.Error("the name filter: contains, without case; empty keeps all")
	}
}
