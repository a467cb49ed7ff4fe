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
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Masters is how many masters a test cluster has.
const Masters = 3

// clusterReady bounds the wait for a started cluster to be served.
const clusterReady = 30 * time.Second

var cluster struct {
	once  sync.Once
	nodes *clusterNodes
	err   error
}

// Clustered reports whether tests run on a Redis Cluster:
// REDIS_TEST_TOPOLOGY=cluster, or REDIS_CLUSTER_ADDRS set.
func Clustered() bool {
	return os.Getenv("REDIS_TEST_TOPOLOGY") == "cluster" || os.Getenv("REDIS_CLUSTER_ADDRS") != ""
}

// OwnServersOnly skips, in the cluster pass, a test that starts Redis
// servers of its own (Sentinel, TLS): it proves the same in the
// one-server pass.
func OwnServersOnly(t testing.TB) {
	t.Helper()
	if Clustered() {
		t.Skip("starts its own Redis servers: run in the one-server pass")
	}
}

// ClusterAddrs returns nodes of a Redis Cluster for tests: those of
// REDIS_CLUSTER_ADDRS (comma-separated host:port), else the Masters of
// a cluster started for the test process, which dies with it. Tests
// share it: keep apart by key prefixes (see Prefix). The test is
// skipped when there is no redis-server or redis-cli.
func ClusterAddrs(t testing.TB) []string {
	t.Helper()
	if addrs := os.Getenv("REDIS_CLUSTER_ADDRS"); addrs != "" {
		return strings.Split(addrs, ",")
	}
	cluster.once.Do(func() { cluster.nodes, cluster.err = startCluster() })
	if cluster.err != nil {
		t.Skipf("no REDIS_CLUSTER_ADDRS and no Redis Cluster to start: %v", cluster.err)
	}
	return cluster.nodes.addrs
}

// ClusterClient returns a client of the test cluster (ClusterAddrs),
// whatever the topology, closed when the test ends.
func ClusterClient(t testing.TB) *redis.ClusterClient {
	t.Helper()
	return clusterClient(t, ClusterAddrs(t))
}

// OwnCluster starts a cluster of the test's own (Masters nodes, in
// memory), for tests that flush or stop its nodes; it is stopped when
// the test ends. The test is skipped when there is no redis-server or
// redis-cli.
func OwnCluster(t testing.TB) *redis.ClusterClient {
	t.Helper()
	nodes, err := startCluster()
	if nodes != nil {
		t.Cleanup(nodes.stop)
	}
	if err != nil {
		t.Skipf("no Redis Cluster to start: %v", err)
	}
	return clusterClient(t, nodes.addrs)
}

func clusterClient(t testing.TB, addrs []string) *redis.ClusterClient {
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, PoolSize: 64})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// clusterNodes are the processes of a started cluster.
type clusterNodes struct {
	addrs []string
	cmds  []*exec.Cmd
	dir   string
}

// stop kills the nodes and removes their directory.
func (n *clusterNodes) stop() {
	for _, cmd := range n.cmds {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	_ = os.RemoveAll(n.dir)
}

// startCluster starts Masters cluster nodes (redis-server
// --cluster-enabled yes) on free loopback ports, each with a bus port of
// its own, their nodes.conf in a temporary directory; joins them into
// one cluster with redis-cli --cluster create; and waits until every
// node says the cluster is ok. What it started is returned with an
// error too, to be stopped.
func startCluster() (*clusterNodes, error) {
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(2 * Masters)
	if err != nil {
		return nil, err
	}
	removeStaleDirs()
	dir, err := os.MkdirTemp("", clusterDirPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, err
	}
	n := &clusterNodes{dir: dir}
	for i := range Masters {
		port, bus := strconv.Itoa(ports[2*i]), strconv.Itoa(ports[2*i+1])
		cmd, err := startRedis(port, "--cluster-enabled", "yes", "--cluster-port", bus,
			"--cluster-config-file", filepath.Join(dir, "nodes-"+port+".conf"), "--dir", dir)
		if err != nil {
			return n, err
		}
		n.cmds = append(n.cmds, cmd)
		n.addrs = append(n.addrs, "127.0.0.1:"+port)
		if err := waitReady("redis://" + n.addrs[i]); err != nil {
			return n, err
		}
	}
	create := exec.Command(cli, append(append([]string{"--cluster", "create"}, n.addrs...),
		"--cluster-replicas", "0", "--cluster-yes")...)
	if out, err := create.CombinedOutput(); err != nil {
		return n, fmt.Errorf("redis-cli --cluster create: %w: %s", err, out)
	}
	for _, addr := range n.addrs {
		if err := waitClusterOK(addr); err != nil {
			return n, err
		}
	}
	return n, nil
}

// clusterDirPrefix starts the name of a cluster's directory, then the
// pid of the test process whose nodes it holds.
const clusterDirPrefix = "redistest-cluster-"

// removeStaleDirs removes the directories of clusters whose test
// process is gone (a shared cluster's nodes need theirs to the end, so
// the process cannot remove it).
func removeStaleDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), clusterDirPrefix+"*"))
	for _, dir := range dirs {
		pid, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(dir), clusterDirPrefix), "-")
		if n, err := strconv.Atoi(pid); err == nil && syscall.Kill(n, 0) == syscall.ESRCH {
			_ = os.RemoveAll(dir)
		}
	}
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
