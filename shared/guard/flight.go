package guard

import (
	"context"

	"golang.org/x/sync/singleflight"
)

// Group collapses concurrent loads of the same key into one: the first
// caller loads, the others wait for its result. It keeps nothing once a
// load is done. The zero value is ready.
//
// It is a golang.org/x/sync/singleflight.Group with one thing added: each
// waiter waits only as long as its own context lives (singleflight's Do
// waits for the load whatever happens to the caller).
type Group struct {
	g singleflight.Group
}

// Load returns fn's result for key, calling fn only when no load of key
// is in progress. fn runs under the first caller's context.
func (g *Group) Load(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	ch := g.g.DoChan(key, func() (any, error) { return fn(ctx) })
	select {
	case r := <-ch:
		return r.Val, r.Err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
