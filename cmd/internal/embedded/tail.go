package embedded

import (
	"bytes"
	"log/slog"
	"sync"
)

// tail keeps the last bytes a child process wrote, to quote when it
// fails, and passes each line on to a logger at debug level.
type tail struct {
	mu      sync.Mutex
	max     int
	buf     []byte
	partial []byte
	log     *slog.Logger
}

func newTail(max int, log *slog.Logger) *tail { return &tail{max: max, log: log} }

// Write keeps p; it never fails.
func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	t.partial = append(t.partial, p...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			break
		}
		t.log.Debug("redis-server", "line", string(t.partial[:i]))
		t.partial = t.partial[i+1:]
	}
	if len(t.partial) > t.max {
		t.partial = t.partial[:0]
	}
	return len(p), nil
}

// String is what was kept, trimmed.
func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.buf))
}
