package genesys_test

// The size of an answer: past MaxAnswerBytes it is refused at once.

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// An answer over the cap fails at once with "answer too large", naming
// the call; an endless stream is not read to the timeout.
func TestOversizedAnswersAreRefused(t *testing.T) {
	c := apiAndLogin(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"entities":[`)
		chunk := []byte(strings.Repeat(`{"id":"x","description":"padding padding padding"},`, 1000))
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}, func(cfg *genesys.Config) { cfg.RequestTimeout = time.Minute })
	start := time.Now()
	_, err := c.ListScopes(context.Background())
	if err == nil || !strings.Contains(err.Error(), "GET /api/v2/oauth/scopes: answer too large") ||
		!errors.Is(err, genesys.ErrUnexpectedAnswer) {
		t.Fatalf("want answer too large, an unexpected answer, got %v", err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the endless answer was read for %s", took)
	}
}
