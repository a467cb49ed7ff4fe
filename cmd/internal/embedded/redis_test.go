package embedded

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

func startRedis(t *testing.T, path string) *Redis {
	t.Helper()
	r, err := StartRedis(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// fill writes one key of each type the order center uses, a binary value
// and a key in another database included.
func fill(t *testing.T, url string) {
	t.Helper()
	ctx := context.Background()
	_, err := client(t, url).TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, "str", "a\xff\x00b", 0)
		p.Set(ctx, "ttl", "expires", time.Hour)
		p.HSet(ctx, "hash", "f", "1", "g", "")
		p.SAdd(ctx, "set", "x", "y")
		p.ZAdd(ctx, "zset", redis.Z{Score: 1.5e-7, Member: "m"}, redis.Z{Score: 1 << 53, Member: "n"})
		p.RPush(ctx, "list", "1", "2", "1")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := client(t, url+"/3").Set(ctx, "db3", "three", 0).Err(); err != nil {
		t.Fatal(err)
	}
}

// dump prints every key of databases 0 and 3 with its value.
func dump(t *testing.T, url string) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, db := range []string{"/0", "/3"} {
		c := client(t, url+db)
		keys, err := c.Keys(ctx, "*").Result()
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s %s=%q\n", db, k, typedValue(t, c, k))
		}
	}
	return b.String()
}

func typedValue(t *testing.T, c *redis.Client, k string) string {
	ctx := context.Background()
	switch typ := c.Type(ctx, k).Val(); typ {
	case "string":
		return c.Get(ctx, k).Val()
	case "hash":
		return fmt.Sprint(c.HGetAll(ctx, k).Val())
	case "set":
		members := c.SMembers(ctx, k).Val()
		slices.Sort(members)
		return fmt.Sprint(members)
	case "zset":
		return fmt.Sprint(c.ZRangeWithScores(ctx, k, 0, -1).Val())
	case "list":
		return fmt.Sprint(c.LRange(ctx, k, 0, -1).Val())
	default:
		t.Fatalf("key %s of type %s", k, typ)
		return ""
	}
}

func TestRedisKeepsDataAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "redis.snapshot")
	r := startRedis(t, path)
	fill(t, r.URL())
	want := dump(t, r.URL())
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}

	r = startRedis(t, path)
	if n, taken := r.Restored(); n != 7 || taken.IsZero() {
		t.Errorf("restored %d keys taken %v, want 7", n, taken)
	}
	c := client(t, r.URL())
	if got := dump(t, r.URL()); got != want {
		t.Errorf("after restart:\n%s\nwant:\n%s", got, want)
	}
	if ttl := c.TTL(context.Background(), "ttl").Val(); ttl <= 59*time.Minute || ttl > time.Hour {
		t.Errorf("time to live after restart %v, want about 1h", ttl)
	}
}

// A key's time to live runs while the server runs, and while it is
// stopped.
func TestRedisExpiresKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "redis.snapshot")
	r := startRedis(t, path)
	c := client(t, r.URL())
	ctx := context.Background()
	c.Set(ctx, "short", "v", 100*time.Millisecond)
	c.Set(ctx, "minute", "v", time.Minute)
	c.Set(ctx, "kept", "v", 0)
	for deadline := time.Now().Add(10 * time.Second); c.Exists(ctx, "short").Val() == 1; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("a key with 100ms to live is still there after 10s")
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	m := miniredis.NewMiniRedis()
	n, _, err := loadSnapshot(m, path, time.Now().Add(time.Hour))
	if err != nil || n != 1 || m.Exists("minute") || !m.Exists("kept") {
		t.Fatalf("an hour later: %d keys, %v; minute %v, kept %v", n, err, m.Exists("minute"), m.Exists("kept"))
	}
}

// Snapshots are written while the server runs: a crash (the file read
// while the server still runs, never closed) keeps what was answered
// before the last snapshot.
func TestRedisSnapshotsWhileRunning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "redis.snapshot")
	r := startRedis(t, path)
	fill(t, r.URL())
	want := dump(t, r.URL())
	answered := time.Now()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if taken, err := SnapshotTime(path); err == nil && taken.After(answered) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no snapshot after 20s")
		}
	}
	crashed := filepath.Join(t.TempDir(), "copy")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(crashed, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	r2 := startRedis(t, crashed)
	if got := dump(t, r2.URL()); got != want {
		t.Errorf("from the running server's snapshot:\n%s\nwant:\n%s", got, want)
	}
}

// A snapshot never holds half of a script: two keys a script increments
// together (with many keys read between them) are equal in every snapshot
// taken while clients run it.
func TestRedisSnapshotIsConsistent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "redis.snapshot")
	r := startRedis(t, path)
	for i := range 2000 {
		_ = r.srv.Set(fmt.Sprintf("m-%d", i), "filler")
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		c := client(t, r.URL())
		wg.Go(func() {
			for ctx.Err() == nil {
				c.Eval(ctx, "redis.call('INCR', KEYS[1]); redis.call('INCR', KEYS[2])", []string{"a", "z"})
			}
		})
	}
	for !r.srv.Exists("z") {
		time.Sleep(time.Millisecond)
	}
	for i := range 10 {
		if err := r.snapshot(); err != nil {
			t.Fatal(err)
		}
		m := miniredis.NewMiniRedis()
		if _, _, err := loadSnapshot(m, path, time.Now()); err != nil {
			t.Fatal(err)
		}
		a, _ := m.Get("a")
		z, _ := m.Get("z")
		if a != z || a == "" {
			t.Fatalf("snapshot %d: a=%q z=%q", i, a, z)
		}
	}
	cancel()
	wg.Wait()
}

func TestRedisRefusesAnUnreadableSnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "redis.snapshot")
	if err := os.WriteFile(path, []byte("not a snapshot"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := StartRedis(path, nil)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "move it away") {
		t.Fatalf("err %v", err)
	}
}
