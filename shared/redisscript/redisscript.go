// Package redisscript runs several Lua scripts in one pipeline: one
// round trip to one server and, on a Redis Cluster, one to each node
// whose slots the scripts' keys are in, all at once (go-redis sends a
// cluster pipeline's commands per node, concurrently). Each script
// keeps its keys in one slot; scripts of different slots are atomic
// each, not together.
package redisscript

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Call is one script with its keys and arguments.
type Call struct {
	Script *redis.Script
	Keys   []string
	Args   []any
}

// Redis is what Run needs of a client: a *redis.Client, a
// *redis.ClusterClient or any redis.UniversalClient.
type Redis interface {
	redis.Scripter
	Pipelined(ctx context.Context, fn func(redis.Pipeliner) error) ([]redis.Cmder, error)
}

// Run runs the calls in one pipeline by their SHA; a script a server
// has not cached yet (after a restart or a failover) is run again on
// its own, which loads it. The replies are in the order of the calls,
// each with its own error.
func Run(ctx context.Context, rdb Redis, calls ...Call) []*redis.Cmd {
	cmds := make([]*redis.Cmd, len(calls))
	_, _ = rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, c := range calls {
			cmds[i] = c.Script.EvalSha(ctx, p, c.Keys, c.Args...)
		}
		return nil
	})
	for i, c := range calls {
		if redis.HasErrorPrefix(cmds[i].Err(), "NOSCRIPT") {
			cmds[i] = c.Script.Run(ctx, rdb, c.Keys, c.Args...)
		}
	}
	return cmds
}
