package boltkv

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	berrors "go.etcd.io/bbolt/errors"

	"github.com/ordercenter/ordercenter/shared/clocktest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest"
)

// newClock is a settable time source for expiry tests.
func newClock() *clocktest.Clock { return clocktest.New(time.Unix(1_800_000_000, 0)) }

// openTemp opens a store in a fresh file that is closed when the test ends.
func openTemp(t testing.TB, opts Options) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kv.db")
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, path
}

func TestConformance(t *testing.T) {
	s, _ := openTemp(t, Options{NoSync: true})
	kvtest.Run(t, s, kvtest.Features{})
}

func TestConformanceDurable(t *testing.T) {
	if testing.Short() {
		t.Skip("fsyncs every write")
	}
	s, _ := openTemp(t, Options{})
	kvtest.Run(t, s, kvtest.Features{})
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kv.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Now().Add(time.Hour).Truncate(time.Second)
	want := kv.Item{PK: "p", SK: "s", SK2: "i", Version: 7, ExpiresAt: exp, Data: []byte("payload")}
	mustPut(t, s, want, kv.Always())
	mustPut(t, s, kv.Item{PK: "p", SK: "t", Version: 1}, kv.Always())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Get(ctx, "p", "s")
	if err != nil {
		t.Fatal(err)
	}
	assertItem(t, got, want)
	page, err := s.Query(ctx, kv.Query{PK: "p", BySK2: true, Limit: 10})
	if err != nil || len(page.Items) != 1 || page.Items[0].SK != "s" {
		t.Fatalf("query by SK2 after reopen: %+v, %v", page, err)
	}
}

func TestSecondOpenFailsAfterLockTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kv.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	const timeout = 300 * time.Millisecond
	start := time.Now()
	s2, err := Open(path, Options{LockTimeout: timeout})
	if err == nil {
		s2.Close()
		t.Fatal("second open of a locked file succeeded")
	}
	if !errors.Is(err, berrors.ErrTimeout) || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("error %v, want the lock timeout", err)
	}
	// bbolt polls the lock every 50ms and gives up one poll early.
	if waited := time.Since(start); waited < timeout-100*time.Millisecond || waited > 5*time.Second {
		t.Fatalf("gave up after %s", waited)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err = Open(path, Options{LockTimeout: timeout})
	if err != nil {
		t.Fatalf("open after the holder closed: %v", err)
	}
	s2.Close()
}

func TestReclaimExpired(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, _ := openTemp(t, Options{NoSync: true, Now: clk.Now})
	now := clk.Now()
	for i, d := range []time.Duration{1, 2, 3, 100} {
		mustPut(t, s, kv.Item{PK: "p", SK: string(rune('a' + i)), SK2: "x",
			ExpiresAt: now.Add(d * time.Second)}, kv.Always())
	}
	mustPut(t, s, kv.Item{PK: "p", SK: "z", SK2: "x"}, kv.Always())
	// Rewriting an item moves its expiry: it must not be reclaimed early.
	mustPut(t, s, kv.Item{PK: "p", SK: "c", ExpiresAt: now.Add(50 * time.Second)}, kv.Always())

	if n, err := s.ReclaimExpired(ctx, 10); err != nil || n != 0 {
		t.Fatalf("reclaim before expiry: %d, %v", n, err)
	}
	clk.Advance(3 * time.Second)
	if n, err := s.ReclaimExpired(ctx, 1); err != nil || n != 1 {
		t.Fatalf("reclaim max 1: %d, %v", n, err)
	}
	if n, err := s.ReclaimExpired(ctx, 10); err != nil || n != 1 {
		t.Fatalf("reclaim the rest: %d, %v", n, err)
	}
	for _, sk := range []string{"c", "d", "z"} {
		if _, err := s.Get(ctx, "p", sk); err != nil {
			t.Errorf("live item %s: %v", sk, err)
		}
	}
	counts := bucketCounts(t, s)
	if counts["items"] != 3 || counts["sk2"] != 2 || counts["expiry"] != 2 {
		t.Fatalf("bucket sizes after reclaim: %v", counts)
	}
	clk.Advance(time.Hour)
	if n, err := s.ReclaimExpired(ctx, 10); err != nil || n != 2 {
		t.Fatalf("reclaim all: %d, %v", n, err)
	}
	if counts := bucketCounts(t, s); counts["items"] != 1 || counts["sk2"] != 1 || counts["expiry"] != 0 {
		t.Fatalf("bucket sizes after the last reclaim: %v", counts)
	}
}

func TestContextDone(t *testing.T) {
	s, _ := openTemp(t, Options{NoSync: true})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	errs := map[string]error{
		"put":    s.Put(ctx, kv.Item{PK: "p", SK: "s"}, kv.Always()),
		"delete": s.Delete(ctx, "p", "s", kv.Always()),
		"batch":  s.WriteBatch(ctx, []kv.Item{{PK: "p", SK: "s"}}, nil),
	}
	_, errs["get"] = s.Get(ctx, "p", "s")
	_, errs["query"] = s.Query(ctx, kv.Query{PK: "p", Limit: 1})
	_, errs["reclaim"] = s.ReclaimExpired(ctx, 1)
	for op, err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", op, err)
		}
	}
}
