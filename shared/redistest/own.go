package redistest

import (
	"fmt"
	"os/exec"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"
)

// Own starts a redis-server of the test's own (in memory, no
// persistence), for tests that flush, restore or stop it; it is killed
// when the test ends. It is one server whatever the topology. The test
// is skipped when there is no redis-server.
func Own(t testing.TB) *redis.Client {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skipf("no redis-server: %v", err)
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	cmd, err := startRedis(strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := fmt.Sprintf("redis://127.0.0.1:%d", port)
	if err := waitReady(url); err != nil {
		t.Fatal(err)
	}
	opts, _ := redis.ParseURL(url)
	opts.PoolSize = 64
	c := redis.NewClient(opts)
	t.Cleanup(func() { _ = c.Close() })
	return c
}
