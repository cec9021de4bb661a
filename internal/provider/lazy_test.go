package provider

import (
	"context"
	"errors"
	"testing"
)

func TestLazySharesAFailureButNotACancellation(t *testing.T) {
	var l lazy[int]
	calls := 0
	boom := errors.New("boom")
	load := func(context.Context) (int, error) {
		calls++
		return 0, boom
	}
	if _, err := l.get(context.Background(), load); !errors.Is(err, boom) {
		t.Fatalf("first load: %v", err)
	}
	if _, err := l.get(context.Background(), load); !errors.Is(err, boom) || calls != 1 {
		t.Errorf("a failed load must be kept for the run: %v after %d loads", err, calls)
	}
	// A load ended by its own caller's cancellation is not kept.
	var m lazy[int]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.get(ctx, func(ctx context.Context) (int, error) { return 0, ctx.Err() }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled load: %v", err)
	}
	if v, err := m.get(context.Background(), func(context.Context) (int, error) { return 42, nil }); err != nil || v != 42 {
		t.Errorf("after a cancelled load: %d %v", v, err)
	}
}
