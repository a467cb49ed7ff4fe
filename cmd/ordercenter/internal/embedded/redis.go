package embedded

import (
	"fmt"

	"github.com/alicebob/miniredis/v2"
)

// Redis is an in-process Redis-protocol server (miniredis): every command
// the order center uses, Lua scripts included, in memory.
type Redis struct {
	srv *miniredis.Miniredis
}

// StartRedis starts the server on a free loopback port.
func StartRedis() (*Redis, error) {
	srv := miniredis.NewMiniRedis()
	if err := srv.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("embedded redis: %w", err)
	}
	return &Redis{srv: srv}, nil
}

// URL is where clients connect, as a redis:// URL.
func (r *Redis) URL() string { return "redis://" + r.srv.Addr() }

// Close stops the server.
func (r *Redis) Close() { r.srv.Close() }
