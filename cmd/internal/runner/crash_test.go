package runner

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/cmd/internal/embedded"
)

// The test binary is also the runner process of the crash test: with
// runnerProcessEnv set it serves the runner on that data directory until
// its standard input ends.
const (
	runnerProcessEnv      = "ORDERCENTER_TEST_RUNNER_DATA"
	runnerProcessRedisEnv = "ORDERCENTER_TEST_RUNNER_REDIS"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(runnerProcessEnv); dir != "" {
		os.Exit(runnerProcess(dir, os.Getenv(runnerProcessRedisEnv)))
	}
	// Runners over a shared REDIS_URL (CI's) keep apart from those of
	// earlier runs, whose stores are gone: their idempotency records
	// would answer this run's keys with orders it never stored.
	if os.Getenv("REDIS_KEY_PREFIX") == "" {
		_ = os.Setenv("REDIS_KEY_PREFIX", fmt.Sprintf("test:%d:", time.Now().UnixNano()))
	}
	os.Exit(m.Run())
}

func runnerProcess(dir, mode string) int {
	redisMode := LocalRedisServer
	if mode == LocalRedisInProcess.String() {
		redisMode = LocalRedisInProcess
	}
	r, err := Start(context.Background(), ownRedisConfig(dir, redisMode))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("ready %s %s\n", r.URL(), r.env.Redis.URL)
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = r.Close(context.Background())
	return 0
}

// process is a runner in a process of its own.
type process struct {
	cmd           *exec.Cmd
	url, redisURL string
}

func startProcess(t *testing.T, dir string, mode LocalRedis) *process {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), runnerProcessEnv+"="+dir, runnerProcessRedisEnv+"="+mode.String())
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd}
	t.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		s.Scan()
		line <- s.Text()
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case l := <-line:
		if _, err := fmt.Sscanf(l, "ready %s %s", &p.url, &p.redisURL); err != nil {
			t.Fatalf("the runner process said %q", l)
		}
	case <-time.After(time.Minute):
		t.Fatal("the runner process is not ready after a minute")
	}
	return p
}

// kill ends the process with SIGKILL.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

// The runner killed with SIGKILL and started again on its data: the
// answered key replays its order and the sold-out sku stays sold out.
// The redis-server it started dies with it; the in-process Redis keeps
// what its last snapshot before the kill held (the test waits for it).
func TestOwnRedisSurvivesSIGKILL(t *testing.T) {
	for name, mode := range localRedisModes(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeCatalog(t, dir)
			p := startProcess(t, dir, mode)
			orderID := sellOut(t, p.url, dir)
			if mode == LocalRedisInProcess {
				waitForSnapshot(t, filepath.Join(dir, "redis.snapshot"), time.Now())
			}
			p.kill(t)
			if mode == LocalRedisServer {
				waitUntilGone(t, p.redisURL)
			}

			p = startProcess(t, dir, mode)
			stillSoldOut(t, p.url, dir, orderID)
		})
	}
}

func waitForSnapshot(t *testing.T, path string, after time.Time) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if taken, err := embedded.SnapshotTime(path); err == nil && taken.After(after) {
			return
		}
	}
	t.Fatal("no snapshot after 30s")
}

// waitUntilGone waits until nothing answers at url: the runner's
// redis-server does not outlive it.
func waitUntilGone(t *testing.T, url string) {
	t.Helper()
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	opts.MaxRetries = -1
	c := redis.NewClient(opts)
	defer c.Close()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if err := c.Ping(context.Background()).Err(); err != nil && strings.Contains(err.Error(), "refused") {
			return
		}
	}
	t.Fatal("the runner's redis-server still answers 30s after the runner was killed")
}
