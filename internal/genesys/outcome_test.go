package genesys

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
)

// A write's outcome is unknown unless the API refused it (4xx) or it was
// never sent (no token): those are final and need no read-back.
func TestOutcomeUnknown(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"no error", nil, false},
		{"400 refusal", &APIError{Status: 400}, false},
		{"404", &APIError{Status: 404}, false},
		{"403 missing permission", &APIError{Status: 403, Code: CodeMissingPermissions}, false},
		{"429 after every retry", &APIError{Status: 429}, false},
		{"500", &APIError{Status: 500}, true},
		{"503 after every retry", fmt.Errorf("call: %w", &APIError{Status: 503}), true},
		{"connection cut", fmt.Errorf("PUT x: %w", io.EOF), true},
		{"timeout", context.DeadlineExceeded, true},
		{"unreadable answer", errors.New("decoding the answer"), true},
		{"token refused: never sent", fmt.Errorf("sign-in: %w", &TokenError{Kind: TokenRefused}), false},
	} {
		if got := OutcomeUnknown(tc.err); got != tc.want {
			t.Errorf("%s: OutcomeUnknown = %v, want %v", tc.name, got, tc.want)
		}
	}
}
