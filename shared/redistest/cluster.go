package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Masters is how many masters the test cluster has.
const Masters = 3

// clusterReady bounds the wait for a started cluster to be served.
const clusterReady = 30 * time.Second

var cluster struct {
	once  sync.Once
	addrs []string
	err   error
}

// Clustered reports whether tests run on a Redis Cluster:
// REDIS_TEST_TOPOLOGY=cluster, or REDIS_CLUSTER_ADDRS set.
func Clustered() bool {
	return os.Getenv("REDIS_TEST_TOPOLOGY") == "cluster" || os.Getenv("REDIS_CLUSTER_ADDRS") != ""
}

// ClusterAddrs returns nodes of a Redis Cluster for tests: those of
// REDIS_CLUSTER_ADDRS (comma-separated host:port), else the Masters of
// a cluster started for the test process (redis-server
// --cluster-enabled yes, joined by redis-cli --cluster create), which
// dies with it. The test is skipped when there is no redis-server or
// redis-cli.
func ClusterAddrs(t testing.TB) []string {
	t.Helper()
	if addrs := os.Getenv("REDIS_CLUSTER_ADDRS"); addrs != "" {
		return strings.Split(addrs, ",")
	}
	cluster.once.Do(func() { cluster.addrs, cluster.err = startCluster() })
	if cluster.err != nil {
		t.Skipf("no REDIS_CLUSTER_ADDRS and no Redis Cluster to start: %v", cluster.err)
	}
	return cluster.addrs
}

// ClusterClient returns a client of the test cluster (ClusterAddrs),
// whatever the topology, closed when the test ends.
func ClusterClient(t testing.TB) *redis.ClusterClient {
	t.Helper()
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: ClusterAddrs(t)})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// startCluster starts Masters cluster nodes on free loopback ports (each
// with a bus port of its own, in memory, their nodes.conf in a temporary
// directory), joins them into one cluster and waits until every node
// serves every slot.
func startCluster() ([]string, error) {
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "redistest-cluster-")
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(2 * Masters)
	if err != nil {
		return nil, err
	}
	var addrs []string
	for i := range Masters {
		port, bus := strconv.Itoa(ports[2*i]), strconv.Itoa(ports[2*i+1])
		if _, err := startRedis(port, "--cluster-enabled", "yes", "--cluster-port", bus,
			"--cluster-config-file", filepath.Join(dir, "nodes-"+port+".conf"), "--dir", dir); err != nil {
			return nil, err
		}
		addr := "127.0.0.1:" + port
		if err := waitReady("redis://" + addr); err != nil {
			return nil, err
		}
		addrs = append(addrs, addr)
	}
	create := exec.Command(cli, append(append([]string{"--cluster", "create"}, addrs...),
		"--cluster-replicas", "0", "--cluster-yes")...)
	if out, err := create.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("redis-cli --cluster create: %w: %s", err, out)
	}
	for _, addr := range addrs {
		if err := waitClusterOK(addr); err != nil {
			return nil, err
		}
	}
	return addrs, nil
}

// waitClusterOK waits until the node says cluster_state:ok.
func waitClusterOK(addr string) error {
	c := redis.NewClient(&redis.Options{Addr: addr})
	defer c.Close()
	var info string
	var err error
	for deadline := time.Now().Add(clusterReady); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		info, err = c.ClusterInfo(context.Background()).Result()
		if err == nil && strings.Contains(info, "cluster_state:ok") {
			return nil
		}
	}
	return fmt.Errorf("cluster node %s not ok: %v %q", addr, err, info)
}

// freePorts returns n distinct free loopback ports, all held open until
// each is picked.
func freePorts(n int) ([]int, error) {
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
