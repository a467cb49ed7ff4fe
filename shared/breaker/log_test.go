package breaker

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestStateChangesAreLogged(t *testing.T) {
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	b := New("logged dep", Config{Failures: 1, OpenFor: 20 * time.Millisecond})
	call(t, b, Failure)
	time.Sleep(30 * time.Millisecond)
	call(t, b, Success)
	out := buf.String()
	for _, want := range []string{
		`level=WARN msg="circuit breaker open" dependency="logged dep" from=closed to=open`,
		`msg="circuit breaker half-open" dependency="logged dep" from=open to=half-open`,
		`msg="circuit breaker closed" dependency="logged dep" from=half-open to=closed`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
