package redistest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Process is a redis-server (or a Sentinel) of the test's own, its output
// in a file that a failing test prints. It is killed when the test ends,
// and with the test process.
type Process struct {
	// Addr is its host:port on loopback.
	Addr string
	cmd  *exec.Cmd
}

// spawn runs redis-server with args, listening at port; the test is
// skipped when there is no redis-server.
func spawn(t testing.TB, port int, args ...string) *Process {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skipf("no redis-server: %v", err)
	}
	log, err := os.CreateTemp(t.TempDir(), "redis-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &Process{Addr: fmt.Sprintf("127.0.0.1:%d", port), cmd: cmd}
	t.Cleanup(func() {
		p.Kill()
		if t.Failed() {
			out, _ := os.ReadFile(log.Name())
			t.Logf("%s %s:\n%s", filepath.Base(bin), p.Addr, tail(out, 3000))
		}
		_ = log.Close()
	})
	return p
}

// Kill ends the process at once (SIGKILL), as a crash would; killing it
// again does nothing.
func (p *Process) Kill() {
	if p.cmd.ProcessState == nil {
		_ = p.cmd.Process.Kill()
		_ = p.cmd.Wait()
	}
}

// Freeze stops the process (SIGSTOP) until Thaw: it keeps its sockets
// but reads, writes and answers nothing.
func (p *Process) Freeze() { _ = p.cmd.Process.Signal(syscall.SIGSTOP) }

// Thaw lets a frozen process go on (SIGCONT).
func (p *Process) Thaw() { _ = p.cmd.Process.Signal(syscall.SIGCONT) }

// ping waits up to 10 s for c to answer PING.
func ping(c redis.UniversalClient) error {
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err = c.Ping(context.Background()).Err(); err == nil {
			return nil
		}
	}
	return fmt.Errorf("redis-server not ready: %w", err)
}

func tail(b []byte, n int) []byte { return b[max(0, len(b)-n):] }
