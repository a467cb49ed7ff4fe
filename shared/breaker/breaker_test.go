package breaker

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/clocktest"
)

func newTestBreaker() (*Breaker, *clocktest.Clock) {
	c := clocktest.New(time.Unix(1000, 0))
	return New("dep", Config{Failures: 2, OpenFor: time.Second, Now: c.Now}), c
}

// call lets one call through and records its outcome, failing the test if
// the breaker refuses it.
func call(t *testing.T, b *Breaker, o Outcome) {
	t.Helper()
	record, err := b.Allow()
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	record(o)
}

func TestOpensAfterFailuresInARowAndTellsTheWait(t *testing.T) {
	b, c := newTestBreaker()
	call(t, b, Failure)
	call(t, b, Success)
	call(t, b, Failure)
	call(t, b, Failure)
	c.Advance(300 * time.Millisecond)
	_, err := b.Allow()
	var open *OpenError
	if !errors.Is(err, ErrOpen) || !errors.As(err, &open) || open.RetryIn != 700*time.Millisecond || !b.Open() {
		t.Fatalf("got %v", err)
	}
}

func TestHalfOpenLetsOneTrialThrough(t *testing.T) {
	b, c := newTestBreaker()
	call(t, b, Failure)
	call(t, b, Failure)
	c.Advance(time.Second)
	record, err := b.Allow()
	if err != nil {
		t.Fatalf("trial refused: %v", err)
	}
	if _, err := b.Allow(); !errors.Is(err, ErrOpen) || !b.Open() {
		t.Fatalf("a second call while the trial is out: %v", err)
	}
	record(Ignored) // says nothing: the next call is the trial
	call(t, b, Failure)
	if !b.Open() {
		t.Fatal("a failed trial must open the breaker again")
	}
	c.Advance(time.Second)
	call(t, b, Success)
	if b.Open() {
		t.Fatal("a good trial must close the breaker")
	}
}

func TestLateOutcomesDoNotMoveIt(t *testing.T) {
	b, c := newTestBreaker()
	late, _ := b.Allow()
	call(t, b, Failure)
	call(t, b, Failure)
	late(Success) // admitted before the breaker opened
	if !b.Open() {
		t.Fatal("a late success closed the breaker")
	}
	c.Advance(time.Second)
	record, _ := b.Allow()
	late(Failure)
	record(Success)
	if b.Open() {
		t.Fatal("a late failure moved the half-open breaker")
	}
}

func TestIgnoredCallsDoNotCount(t *testing.T) {
	b, _ := newTestBreaker()
	call(t, b, Failure)
	for range 5 {
		call(t, b, Ignored)
	}
	if b.Open() {
		t.Fatal("ignored calls counted")
	}
	call(t, b, Failure)
	if !b.Open() {
		t.Fatal("ignored calls reset the count")
	}
}

func TestJudge(t *testing.T) {
	boom, no := errors.New("boom"), errors.New("no")
	answered := func(err error) bool { return errors.Is(err, no) }
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	live := context.Background()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want Outcome
	}{
		{"success", live, nil, Success},
		{"answer", live, no, Success},
		{"answer after the caller left", gone, no, Success},
		{"failure", live, boom, Failure},
		{"caller left", gone, boom, Ignored},
	}
	for _, tt := range tests {
		if got := Judge(tt.ctx, tt.err, answered); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
	if got := Judge(live, boom, nil); got != Failure {
		t.Errorf("nil answered: got %d", got)
	}
}

func TestWithDefaults(t *testing.T) {
	now := func() time.Time { return time.Unix(1, 0) }
	d := Config{Failures: 3, OpenFor: time.Minute, Now: now}
	got := Config{OpenFor: -time.Second}.WithDefaults(d)
	if got.Failures != 3 || got.OpenFor != time.Minute || got.Now == nil {
		t.Fatalf("unset fields: %+v", got)
	}
	got = Config{Failures: 1, OpenFor: time.Second}.WithDefaults(d)
	if got.Failures != 1 || got.OpenFor != time.Second {
		t.Fatalf("set fields: %+v", got)
	}
}
