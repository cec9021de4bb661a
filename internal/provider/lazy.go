package provider

import (
	"context"
	"sync"
)

// lazy loads a value once per provider instance; concurrent callers wait
// for the one load and share its result, a failure included, so that a
// persistent failure is met once per run rather than once per resource.
// Only a load ended by its own caller's cancellation is not kept: the next
// caller (or a waiting one) loads again.
type lazy[T any] struct {
	mu     sync.Mutex
	done   bool
	val    T
	err    error
	active chan struct{}
}

func (l *lazy[T]) get(ctx context.Context, load func(context.Context) (T, error)) (T, error) {
	for {
		l.mu.Lock()
		if l.done {
			v, err := l.val, l.err
			l.mu.Unlock()
			return v, err
		}
		if l.active == nil {
			break
		}
		wait := l.active
		l.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	l.active = make(chan struct{})
	l.mu.Unlock()
	v, err := load(ctx)
	l.mu.Lock()
	if err == nil || ctx.Err() == nil {
		l.done, l.val, l.err = true, v, err
	}
	close(l.active)
	l.active = nil
	l.mu.Unlock()
	return v, err
}
