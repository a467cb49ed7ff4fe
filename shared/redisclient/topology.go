package redisclient

import (
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// newServer is the client of the one server at url.
func newServer(url string, c credentials) (*redis.Client, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, errors.New("REDIS_URL: not a redis:// or rediss:// URL")
	}
	if c.username != "" && opts.Username != "" && c.username != opts.Username {
		return nil, errors.New("REDIS_URL names another user than the secret redis-username: name it in one place")
	}
	if c.password != "" && opts.Password != "" {
		return nil, errors.New("REDIS_URL holds a password beside the secret redis-password: keep it in the secret alone")
	}
	if c.username != "" {
		opts.Username = c.username
	}
	if c.password != "" {
		opts.Password = c.password
	}
	if c.roots != nil {
		if opts.TLSConfig == nil {
			return nil, errors.New("the secret redis-ca.crt is given but REDIS_URL is redis://, without TLS: use rediss://")
		}
		opts.TLSConfig.RootCAs = c.roots
	}
	if opts.TLSConfig != nil && opts.TLSConfig.RootCAs == nil {
		roots, err := x509.SystemCertPool()
		if err != nil {
			return nil, fmt.Errorf("rediss:// without the secret redis-ca.crt trusts the system's roots, which cannot be read: %w", err)
		}
		// Read now, not inside the first handshake, whose 200 ms
		// deadline a slow machine's first read of the roots can exceed
		// (a refused certificate would look like an unreachable Redis).
		opts.TLSConfig.RootCAs = roots
	}
	Tune(opts)
	return redis.NewClient(opts), nil
}

// newCluster is the client of the cluster of the seed nodes addrs.
func newCluster(addrs []string, c credentials) *redis.ClusterClient {
	opts := &redis.ClusterOptions{Addrs: addrs, Username: c.username, Password: c.password, TLSConfig: c.tls()}
	TuneCluster(opts)
	return redis.NewClusterClient(opts)
}

// newFailover is the client of the primary the Sentinels at addrs know
// as master.
func newFailover(addrs []string, master string, c credentials) *redis.Client {
	opts := &redis.FailoverOptions{MasterName: master, SentinelAddrs: addrs, SentinelPassword: c.sentinelPassword,
		Username: c.username, Password: c.password, TLSConfig: c.tls()}
	TuneFailover(opts)
	return redis.NewFailoverClient(opts)
}
