package redisclient

import (
	"fmt"

	"github.com/redis/go-redis/extra/redisotel/v9"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel/trace"
)

// Option tunes the client New builds.
type Option func(*options)

type options struct {
	tracerProvider trace.TracerProvider
}

// WithTracerProvider makes the client spans of the commands with tp
// (default the global provider).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(o *options) { o.tracerProvider = tp }
}

// instrumentTracing makes a client span of every command and of every
// pipeline (one span for the pipeline, "redis.pipeline <commands>", not one
// per command) that reaches a server, on a cluster one per node asked. A
// command the breaker refuses makes none (its caller's span shows the
// refusal). Spans hold no command arguments (db.statement is off: keys
// and values name users, and AUTH its password) and no caller frames (a
// stack walk per command). Dials and a new connection's own handshake
// (HELLO, AUTH, CLIENT) make none either: go-redis dials in the
// background, so they would be traces of their own, one per connection.
func instrumentTracing(rdb redis.UniversalClient, o options) error {
	opts := []redisotel.TracingOption{redisotel.WithDBStatement(false), redisotel.WithCallerEnabled(false),
		redisotel.WithDialFilter(true), redisotel.WithCommandFilter(handshake),
		redisotel.WithCommandsFilter(func(cmds []redis.Cmder) bool { return all(cmds, handshake) })}
	if o.tracerProvider != nil {
		opts = append(opts, redisotel.WithTracerProvider(o.tracerProvider))
	}
	if err := redisotel.InstrumentTracing(rdb, opts...); err != nil {
		return fmt.Errorf("redis tracing: %w", err)
	}
	return nil
}

// handshake tells the commands a connection sends of its own when it is
// opened.
func handshake(cmd redis.Cmder) bool {
	switch cmd.Name() {
	case "hello", "auth", "client", "select", "readonly":
		return true
	}
	return false
}

func all(cmds []redis.Cmder, is func(redis.Cmder) bool) bool {
	for _, cmd := range cmds {
		if !is(cmd) {
			return false
		}
	}
	return len(cmds) > 0
}
