// Package redistest gives tests a real Redis: the server at REDIS_URL when
// set, else a redis-server started on a free loopback port for the test
// process (in memory, no persistence), else the test is skipped.
//
// With REDIS_TEST_TOPOLOGY=cluster (or REDIS_CLUSTER_ADDRS naming the
// nodes of a running cluster), Client gives a cluster client instead:
// over a three-master Redis Cluster started for the test process on
// loopback ports (cluster.go). The same tests so run on one server and
// on a cluster, where a script or a multi-key command whose keys span
// hash slots fails with CROSSSLOT.
package redistest

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

var shared struct {
	once sync.Once
	url  string
	err  error
}

// URL returns the address of a Redis server for tests (one server, also
// under REDIS_TEST_TOPOLOGY=cluster), starting one if need be. Tests
// share the server: keep apart by key prefixes (see Prefix).
func URL(t testing.TB) string {
	t.Helper()
	if url := os.Getenv("REDIS_URL"); url != "" {
		return url
	}
	shared.once.Do(func() { shared.url, shared.err = startServer() })
	if shared.err != nil {
		t.Skipf("no REDIS_URL and no redis-server to start: %v", shared.err)
	}
	return shared.url
}

// Client returns a client of the test Redis, closed when the test ends:
// a ClusterClient of the test cluster when the topology is a cluster
// (see Clustered), else a ServerClient.
func Client(t testing.TB) redis.UniversalClient {
	t.Helper()
	if Clustered() {
		return ClusterClient(t)
	}
	return ServerClient(t)
}

// ServerClient returns a client of the one server at URL, whatever the
// topology, closed when the test ends.
func ServerClient(t testing.TB) *redis.Client {
	t.Helper()
	opts, err := redis.ParseURL(URL(t))
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// Prefix is a key prefix of the test's own.
func Prefix(t testing.TB) string {
	return fmt.Sprintf("test:%s:%d:", t.Name(), time.Now().UnixNano())
}

// startServer runs redis-server for the rest of the test process; it exits
// with its parent, and holds nothing on disk.
func startServer() (string, error) {
	port, err := freePort()
	if err != nil {
		return "", err
	}
	if _, err := startRedis(strconv.Itoa(port)); err != nil {
		return "", err
	}
	url := fmt.Sprintf("redis://127.0.0.1:%d", port)
	return url, waitReady(url)
}

// startRedis starts a redis-server on the loopback port, in memory, with
// more arguments; it dies with the test process.
func startRedis(port string, args ...string) (*exec.Cmd, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append([]string{"--bind", "127.0.0.1", "--port", port,
		"--save", "", "--appendonly", "no"}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd, cmd.Start()
}

func waitReady(url string) error {
	opts, _ := redis.ParseURL(url)
	c := redis.NewClient(opts)
	defer c.Close()
	return ping(c)
}

func freePort() (int, error) {
	ports, err := freePorts(1)
	if err != nil {
		return 0, err
	}
	return ports[0], nil
}
