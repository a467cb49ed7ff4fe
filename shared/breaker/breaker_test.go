package breaker

import (
	"context"
	"errors"
	"testing"
	"time"
)

const openFor = 50 * time.Millisecond

func newTestBreaker() *Breaker {
	return New("dep", Config{Failures: 2, OpenFor: openFor})
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
	b := newTestBreaker()
	call(t, b, Failure)
	call(t, b, Success)
	call(t, b, Failure)
	call(t, b, Failure)
	_, err := b.Allow()
	var open *OpenError
	if !errors.Is(err, ErrOpen) || !errors.As(err, &open) || open.RetryIn <= 0 || open.RetryIn > openFor || !b.Open() {
		t.Fatalf("got %v", err)
	}
}

func TestHalfOpenLetsOneTrialThrough(t *testing.T) {
	b := newTestBreaker()
	call(t, b, Failure)
	call(t, b, Failure)
	time.Sleep(openFor + 10*time.Millisecond)
	record, err := b.Allow()
	if err != nil {
		t.Fatalf("trial refused: %v", err)
	}
	var open *OpenError
	if _, err := b.Allow(); !errors.As(err, &open) || open.RetryIn != 0 || !b.Open() {
		t.Fatalf("a second call while the trial is out: %v", err)
	}
	record(Ignored) // says nothing: the next call is the trial
	if b.Open() {
		t.Fatal("an ignored trial left the breaker refusing")
	}
	call(t, b, Failure)
	if !b.Open() {
		t.Fatal("a failed trial must open the breaker again")
	}
	time.Sleep(openFor + 10*time.Millisecond)
	call(t, b, Success)
	if b.Open() {
		t.Fatal("a good trial must close the breaker")
	}
}

func TestLateOutcomesDoNotMoveIt(t *testing.T) {
	b := newTestBreaker()
	late, _ := b.Allow()
	call(t, b, Failure)
	call(t, b, Failure)
	late(Success) // admitted before the breaker opened
	if !b.Open() {
		t.Fatal("a late success closed the breaker")
	}
	time.Sleep(openFor + 10*time.Millisecond)
	record, _ := b.Allow()
	late(Failure)
	record(Success)
	if b.Open() {
		t.Fatal("a late failure moved the half-open breaker")
	}
}

func TestIgnoredCallsDoNotCount(t *testing.T) {
	b := newTestBreaker()
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
	d := Config{Failures: 3, OpenFor: time.Minute}
	got := Config{OpenFor: -time.Second}.WithDefaults(d)
	if got.Failures != 3 || got.OpenFor != time.Minute {
		t.Fatalf("unset fields: %+v", got)
	}
	got = Config{Failures: 1, OpenFor: time.Second}.WithDefaults(d)
	if got.Failures != 1 || got.OpenFor != time.Second {
		t.Fatalf("set fields: %+v", got)
	}
}

func TestStatesReportsTheMostSevereBreakerOfADependency(t *testing.T) {
	healthy := New("states-test", Config{Failures: 1, OpenFor: time.Hour})
	failing := New("states-test", Config{Failures: 1, OpenFor: time.Hour})
	if got := States()["states-test"]; got != Closed {
		t.Fatalf("state before any failure %d, want closed", got)
	}
	record, err := failing.Allow()
	if err != nil {
		t.Fatal(err)
	}
	record(Failure)
	if got := States()["states-test"]; got != Open || healthy.State() != Closed {
		t.Errorf("state %d (healthy one %d), want open (and closed)", got, healthy.State())
	}
}
