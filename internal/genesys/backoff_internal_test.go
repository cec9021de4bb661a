package genesys

import (
	"testing"
	"time"
)

// The token endpoint's rate limit is retried over its window: the shortest
// waits of the default five retries add up to a minute or more.
func TestTokenRateLimitRetriesSpanAWindow(t *testing.T) {
	var least time.Duration
	for attempt := range 5 {
		ceiling := min(tokenRateWaitMin<<attempt, tokenRateWaitMax)
		least += ceiling / 2
		if w := backoffWait(tokenRateWaitMin, tokenRateWaitMax, attempt, -1); w < ceiling/2 || w > ceiling {
			t.Errorf("attempt %d: wait %s outside [%s, %s]", attempt, w, ceiling/2, ceiling)
		}
	}
	if least < time.Minute {
		t.Errorf("five retries wait at least %s, less than the minute of the window", least)
	}
}
