package redisclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// guard is the hook that puts every command through the breaker.
//
// A command that needs a new connection runs the connection's own
// commands first (HELLO, AUTH, CLIENT SETINFO), through the same hooks
// and with the command's context: they are part of the command, which
// the breaker has already let through, so they pass unasked (else the
// one trial command of a half-open breaker would be refused by its own
// connection's HELLO, and a Redis that lost every connection would stay
// cut off for good).
type guard struct{ b *breaker.Breaker }

// inside marks the context of a command the breaker let through.
type inside struct{}

// allow asks the breaker for a call on ctx: ok with a no-op done and ctx
// as it is when ctx is already inside one; else the breaker's answer,
// and ctx marked.
func (g guard) allow(ctx context.Context) (context.Context, func(breaker.Outcome), error) {
	if ctx.Value(inside{}) != nil {
		return ctx, func(breaker.Outcome) {}, nil
	}
	done, err := g.b.Allow()
	return context.WithValue(ctx, inside{}, true), done, err
}

// DialHook implements redis.Hook: dials pass as they are (a failed dial
// fails the command, which the breaker counts).
func (g guard) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook implements redis.Hook: one command through the breaker.
func (g guard) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		ctx, done, err := g.allow(ctx)
		if err != nil {
			cmd.SetErr(fmt.Errorf("redis %s: %w", cmd.Name(), err))
			return cmd.Err()
		}
		err = next(ctx, cmd)
		done(outcome(ctx, err))
		return err
	}
}

// ProcessPipelineHook implements redis.Hook: one pipeline (or
// transaction) through the breaker as one call.
func (g guard) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		ctx, done, err := g.allow(ctx)
		if err != nil {
			for _, cmd := range cmds {
				cmd.SetErr(fmt.Errorf("redis pipeline: %w", err))
			}
			return err
		}
		err = next(ctx, cmds)
		done(outcome(ctx, err))
		return err
	}
}

// outcome is what an error says of Redis: a reply (redis.Nil, an error
// Redis answered) is a success, but for one that says the topology
// cannot serve now; the caller's own end is no verdict; a network
// failure or timeout is a failure.
func outcome(ctx context.Context, err error) breaker.Outcome {
	var reply redis.Error
	var netErr net.Error
	switch {
	case err == nil, errors.Is(err, redis.Nil):
		return breaker.Success
	case ctx.Err() != nil:
		return breaker.Ignored
	case errors.As(err, &netErr), errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, context.DeadlineExceeded):
		return breaker.Failure
	case errors.As(err, &reply) && unavailable(reply):
		return breaker.Failure
	case errors.As(err, &reply):
		return breaker.Success
	}
	return breaker.Failure
}

// unavailableReplies start the replies of a topology that cannot serve
// now: a replica where the primary was (a failover under way), a cluster
// without a quorum or in the middle of moving a slot.
var unavailableReplies = []string{"READONLY ", "MASTERDOWN ", "CLUSTERDOWN ", "TRYAGAIN "}

func unavailable(reply redis.Error) bool {
	msg := reply.Error()
	for _, p := range unavailableReplies {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
