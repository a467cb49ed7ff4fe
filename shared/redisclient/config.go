package redisclient

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Config names the Redis: exactly one of one server (URL), a cluster
// (ClusterAddrs) or a Sentinel-watched primary (SentinelAddrs with
// SentinelMaster). Its errors name the environment variables package app
// reads each field from.
type Config struct {
	// URL is one server, redis:// or rediss:// (REDIS_URL).
	URL string
	// ClusterAddrs are host:port seed nodes of a cluster
	// (REDIS_CLUSTER_ADDRS).
	ClusterAddrs []string
	// SentinelAddrs are the host:port of the Sentinels
	// (REDIS_SENTINEL_ADDRS).
	SentinelAddrs []string
	// SentinelMaster is the name the Sentinels know the primary by
	// (REDIS_SENTINEL_MASTER).
	SentinelMaster string
}

// Set reports whether c names any Redis.
func (c Config) Set() bool {
	return c.URL != "" || len(c.ClusterAddrs) > 0 || len(c.SentinelAddrs) > 0 || c.SentinelMaster != ""
}

// Validate reports a Config that names more than one topology, half of
// Sentinel's, or an address that is no host:port. An empty Config is
// valid (no Redis). The URL itself is read by New.
func (c Config) Validate() error {
	var given []string
	for _, v := range []struct {
		name string
		set  bool
	}{{"REDIS_URL", c.URL != ""}, {"REDIS_CLUSTER_ADDRS", len(c.ClusterAddrs) > 0}, {"REDIS_SENTINEL_ADDRS", len(c.SentinelAddrs) > 0}} {
		if v.set {
			given = append(given, v.name)
		}
	}
	var errs []error
	if len(given) > 1 {
		errs = append(errs, fmt.Errorf("%s are all set: name one Redis (one server, a cluster or Sentinel)", strings.Join(given, " and ")))
	}
	if (len(c.SentinelAddrs) > 0) != (c.SentinelMaster != "") {
		errs = append(errs, errors.New("REDIS_SENTINEL_ADDRS and REDIS_SENTINEL_MASTER: give both or neither"))
	}
	errs = append(errs, checkAddrs("REDIS_CLUSTER_ADDRS", c.ClusterAddrs), checkAddrs("REDIS_SENTINEL_ADDRS", c.SentinelAddrs))
	return errors.Join(errs...)
}

// SplitAddrs reads a comma-separated list of addresses, spaces around
// each trimmed, empty entries left out.
func SplitAddrs(raw string) []string {
	var addrs []string
	for a := range strings.SplitSeq(raw, ",") {
		if a = strings.TrimSpace(a); a != "" {
			addrs = append(addrs, a)
		}
	}
	return addrs
}

// checkAddrs reports the addresses of the variable name that are no
// host:port.
func checkAddrs(name string, addrs []string) error {
	for _, a := range addrs {
		host, port, err := net.SplitHostPort(a)
		if n, perr := strconv.Atoi(port); err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%s: %q is not host:port", name, a)
		}
	}
	return nil
}
