package redistest

import (
	"fmt"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"github.com/redis/go-redis/v9"
)

// Own starts a redis-server of the test's own (in memory, no
// persistence), for tests that flush, restore or stop it; it is killed
// when the test ends. The test is skipped when there is no redis-server.
func Own(t testing.TB) *redis.Client {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skipf("no redis-server: %v", err)
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--save", "", "--appendonly", "no")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
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
