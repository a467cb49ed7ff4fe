package secrets_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/secrets"
)

// fakeClock is a clock the test moves; safe for concurrent use.
type fakeClock struct{ ns atomic.Int64 }

func newClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Unix(1e9, 0).UnixNano())
	return c
}
func (c *fakeClock) now() time.Time      { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) add(d time.Duration) { c.ns.Add(int64(d)) }

// joined builds the keys into one string.
func joined(keys [][]byte) (string, error) { return string(bytes.Join(keys, []byte(","))), nil }

// refuse builds like joined but refuses a key "bad".
func refuse(keys [][]byte) (string, error) {
	for _, k := range keys {
		if string(k) == "bad" {
			return "", errors.New("bad key")
		}
	}
	return joined(keys)
}

func TestReloaderTakesUpARotation(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	write(t, dir, secrets.JWTSecret, "k1\n")
	r, err := secrets.NewReloader(dir, secrets.JWTSecret, 10*time.Second, clock.now, refuse)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		content string // "" removes the file
		after   time.Duration
		want    string
	}{
		{"read within the interval is not done", "k2\nk1\n", 9 * time.Second, "k1"},
		{"read once the interval is over", "k2\nk1\n", time.Second, "k2,k1"},
		{"a file gone keeps the keys in use", "", 10 * time.Second, "k2,k1"},
		{"a key the build refuses keeps the keys in use", "bad\n", 10 * time.Second, "k2,k1"},
		{"an empty file keeps the keys in use", "# none\n", 10 * time.Second, "k2,k1"},
		{"a good file again is taken up", "k2\n", 10 * time.Second, "k2"},
	}
	for _, s := range steps {
		if s.content == "" {
			if err := os.Remove(filepath.Join(dir, secrets.JWTSecret)); err != nil {
				t.Fatal(err)
			}
		} else {
			write(t, dir, secrets.JWTSecret, s.content)
		}
		clock.add(s.after)
		if got := r.Get(); got != s.want {
			t.Errorf("%s: Get = %q, want %q", s.name, got, s.want)
		}
	}
}

func TestNewReloaderFailsAsItsFirstRead(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "blank", "\n")
	write(t, dir, "bad", "bad\n")
	tests := []struct {
		name    string
		wantErr error
	}{
		{"absent", secrets.ErrMissing},
		{"blank", secrets.ErrEmpty},
		{"bad", nil},
	}
	for _, tt := range tests {
		r, err := secrets.NewReloader(dir, tt.name, 0, nil, refuse)
		if err == nil || r != nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
			t.Errorf("NewReloader(%s) = %v, %v; want %v", tt.name, r, err, tt.wantErr)
		}
	}
}

func TestReloaderConcurrentGet(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	write(t, dir, secrets.JWTSecret, "k1\n")
	r, err := secrets.NewReloader(dir, secrets.JWTSecret, time.Second, clock.now, joined)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				clock.add(100 * time.Millisecond)
				if got := r.Get(); got != "k1" && got != "k2" {
					t.Errorf("Get = %q", got)
					return
				}
			}
		})
	}
	// Renamed into place, as Kubernetes updates a mounted secret.
	write(t, dir, "next", "k2\n")
	if err := os.Rename(filepath.Join(dir, "next"), filepath.Join(dir, secrets.JWTSecret)); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	clock.add(time.Second)
	if got := r.Get(); got != "k2" {
		t.Errorf("Get after the writers = %q, want k2", got)
	}
}
