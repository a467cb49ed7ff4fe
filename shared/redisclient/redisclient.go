// Package redisclient builds the Redis client every function and the
// runner use (package app calls New): one server, a Redis Cluster or a
// primary watched by Sentinels, authenticated from secret files, sized
// and timed for serverless functions, and guarded by a circuit breaker,
// so that a Redis that hangs costs a call at most its deadline and, once
// the breaker opens, almost nothing.
//
// # Topologies
//
// Config names exactly one (package app reads it from the environment):
// URL, one server, redis:// or rediss:// (REDIS_URL); ClusterAddrs, seed
// nodes of a cluster (REDIS_CLUSTER_ADDRS, comma-separated host:port); or
// SentinelAddrs and SentinelMaster, the Sentinels and the name of the
// primary they watch (REDIS_SENTINEL_ADDRS, REDIS_SENTINEL_MASTER). Every
// constructor returns a *Client, a redis.UniversalClient.
//
// # Credentials and TLS
//
// New reads the optional secret files of the secrets directory (package
// secrets): redis-username (the ACL user; missing: the default user),
// redis-password, redis-ca.crt (PEM roots that sign the servers'
// certificates) and redis-sentinel-password (the Sentinels' own
// requirepass; missing: none). For REDIS_URL, rediss:// turns TLS on and
// redis-ca.crt, when present, is its only root (else the system's); a CA
// file beside a redis:// URL is refused, as plain text was surely not
// meant. For a cluster or Sentinel, redis-ca.crt turns TLS on for every
// node and Sentinel. Certificates must name the address the client dials
// (the node addresses a cluster announces, the primary address Sentinel
// reports). Client certificates (tls-auth-clients yes) are not
// supported. A user and password in REDIS_URL are still read (the runner
// and tests), but not beside a file that says otherwise; package app
// refuses a password in REDIS_URL when it builds a deployed function's
// Redis. Secrets are read once, at New: a rotated password is taken up
// by the next start (an ACL user may hold the old and the new password
// meanwhile).
//
// Check, called once at start, sends one PING: credentials Redis refuses
// (WRONGPASS, NOAUTH, NOPERM), a certificate that is not trusted, a TLS
// mismatch, or Sentinels that know no such primary are a configuration
// error (ErrRefused), told at once rather than as failing calls later;
// an unreachable Redis is only logged (the breaker and the store behind
// Redis carry the functions through it).
//
// # Deadlines, pools and retries
//
// One server (Tune) and a Sentinel's primary (TuneFailover): a dial, a
// read and a write each end after DefaultTimeout (200 ms), a connection
// is waited for at most DefaultPoolTimeout (300 ms), the pool holds at
// most DefaultPoolSize connections, and a failed command is retried
// once (DefaultMaxRetries), so a hung Redis costs one command about half
// a second at the worst and a call of place-order (a few commands) under
// a second, well inside its 5 s. The Sentinels are asked with the same
// deadlines; after a failover the client dials the primary Sentinel
// names next.
//
// A cluster (TuneCluster): the same deadlines, and DefaultPoolSize
// connections per node. A cluster command is tried at most
// DefaultMaxRedirects+1 times in all, for MOVED and ASK redirects and
// network failures alike (the first retry on the same node, the next on
// another); the nodes do not retry on their own, so a hung node costs a
// command about the same as one hung server. Reads go to the primaries
// only (a replica may be behind).
//
// # The breaker
//
// One breaker, "redis", guards the client, whatever the topology: after
// breaker.DefaultFailures failures in a row it opens and commands fail at
// once with an *breaker.OpenError (wrapping breaker.ErrOpen) for
// breaker.DefaultOpenFor, then one trial command is let through. A
// cluster command counts once, after its redirects. Answers Redis gives
// (redis.Nil, a script error) are not failures of Redis, but those that
// say the topology cannot serve now are: READONLY and MASTERDOWN (a
// replica where a primary was: Sentinel is failing over), CLUSTERDOWN
// and TRYAGAIN.
package redisclient

import (
	"errors"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// Client is a Redis client of any topology with its breaker.
type Client struct {
	redis.UniversalClient
	breaker *breaker.Breaker
}

// New returns the client of the Redis cfg names, authenticated with the
// secret files of secretsDir (none read when it is empty), with the
// package's deadlines and pools, guarded by a breaker named "redis", each
// command traced (WithTracerProvider). It makes no network call.
func New(cfg Config, secretsDir string, opts ...Option) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	creds, err := readCredentials(secretsDir)
	if err != nil {
		return nil, err
	}
	var rdb redis.UniversalClient
	switch {
	case cfg.URL != "":
		rdb, err = newServer(cfg.URL, creds)
	case len(cfg.ClusterAddrs) > 0:
		rdb = newCluster(cfg.ClusterAddrs, creds)
	case len(cfg.SentinelAddrs) > 0:
		rdb = newFailover(cfg.SentinelAddrs, cfg.SentinelMaster, creds)
	default:
		err = errors.New("no Redis: set REDIS_URL, REDIS_CLUSTER_ADDRS or REDIS_SENTINEL_ADDRS")
	}
	if err != nil {
		return nil, err
	}
	c := &Client{UniversalClient: rdb, breaker: breaker.New("redis", breaker.Config{})}
	c.AddHook(guard{c.breaker})
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if err := instrumentTracing(rdb, o); err != nil {
		_ = rdb.Close()
		return nil, err
	}
	return c, nil
}

// Open reports whether the breaker refuses commands now.
func (c *Client) Open() bool { return c.breaker.Open() }
