package guard

import (
	"context"
	"sync"
)

// Group collapses concurrent loads of the same key into one: the first
// caller loads, the others wait for its result (or their own context's
// end). It keeps nothing once a load is done. The zero value is ready.
type Group struct {
	mu    sync.Mutex
	calls map[string]*flight
}

type flight struct {
	done chan struct{}
	val  any
	err  error
}

// Load returns fn's result for key, calling fn only when no load of key
// is in progress. fn runs under the first caller's context.
func (g *Group) Load(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = make(map[string]*flight)
	}
	if f, ok := g.calls[key]; ok {
		g.mu.Unlock()
		select {
		case <-f.done:
			return f.val, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	g.calls[key] = f
	g.mu.Unlock()
	f.val, f.err = fn(ctx)
	g.mu.Lock()
	delete(g.calls, key)
	g.mu.Unlock()
	close(f.done)
	return f.val, f.err
}
