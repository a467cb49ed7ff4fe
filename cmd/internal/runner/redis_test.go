package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/cmd/internal/embedded"
	"github.com/ordercenter/ordercenter/shared/auth"
)

// localRedisModes are the runner's own Redis in both its forms; the
// redis-server one is skipped where none is installed (CI installs it).
func localRedisModes(t *testing.T) map[string]LocalRedis {
	t.Helper()
	modes := map[string]LocalRedis{"in-process": LocalRedisInProcess}
	if embedded.FindRedisServer() != "" {
		modes["redis-server"] = LocalRedisServer
	} else {
		t.Log("no redis-server on PATH: its mode is not tested")
	}
	return modes
}

// ownRedisConfig is a runner on dir with its own Redis in the mode given
// (REDIS_URL hidden, as CI sets it) and the catalog writeCatalog wrote.
func ownRedisConfig(dir string, mode LocalRedis) Config {
	return Config{Addr: "127.0.0.1:0", DataDir: dir, CatalogFile: filepath.Join(dir, "catalog.json"), Redis: mode,
		SweepInterval: time.Hour, Logger: slog.New(slog.DiscardHandler),
		Getenv: func(name string) string {
			if name == "REDIS_URL" {
				return ""
			}
			return os.Getenv(name)
		}}
}

// writeCatalog writes limitedCatalog into dir.
func writeCatalog(t *testing.T, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "catalog.json"), limitedCatalog(time.Now()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// limitedCatalog is one store selling one sku limited to 2 a day, in the
// time zone where it is about noon (the store-local day does not turn
// during the test).
func limitedCatalog(now time.Time) []byte {
	zone := "Etc/GMT"
	if offset := 12 - now.UTC().Hour(); offset > 0 {
		zone = fmt.Sprintf("Etc/GMT-%d", offset)
	} else if offset < 0 {
		zone = fmt.Sprintf("Etc/GMT+%d", -offset)
	}
	return fmt.Appendf(nil, `{"stores": [{"store_id": "s-1", "name": "Limited", "open": true, "packing_fee": 0,
	  "delivery_fee": 0, "min_order": 0, "first_order_free_delivery": false, "timezone": %q,
	  "items": [{"sku_id": "shank", "name": "Beef Shank", "price": 2600, "available": true, "daily_limit": 2}]}]}`, zone)
}

// placeShank places an order of qty of the limited sku.
func placeShank(t *testing.T, base, dir, user, key string, qty int) (int, http.Header, map[string]any) {
	t.Helper()
	token := tokenFor(t, dir, auth.Principal{Subject: user, Role: auth.RoleUser})
	body := fmt.Sprintf(`{"store_id":"s-1","items":[{"sku_id":"shank","qty":%d}],
		"delivery":{"name":"Li","phone":"13800001234","address":"1 Road"}}`, qty)
	req, _ := http.NewRequest("POST", base+"/function/place-order", bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("place-order answered %d %s", resp.StatusCode, raw)
	}
	return resp.StatusCode, resp.Header, out
}

// sellOut places the order that sells the sku out and checks that the
// next one is refused; it returns the order's id.
func sellOut(t *testing.T, base, dir string) string {
	t.Helper()
	code, _, placed := placeShank(t, base, dir, "u-first", "sells-out", 2)
	if code != http.StatusCreated {
		t.Fatalf("the first order: %d %v", code, placed)
	}
	if code, _, refused := placeShank(t, base, dir, "u-second", "too-late", 1); code != http.StatusConflict ||
		!strings.Contains(fmt.Sprint(refused), "out_of_stock") {
		t.Fatalf("the sku is not sold out: %d %v", code, refused)
	}
	return placed["order_id"].(string)
}

// stillSoldOut checks, after a restart, that the first order's key
// replays that order and that the sku is still sold out.
func stillSoldOut(t *testing.T, base, dir, orderID string) {
	t.Helper()
	code, header, replayed := placeShank(t, base, dir, "u-first", "sells-out", 2)
	if code != http.StatusCreated || header.Get("Idempotent-Replayed") != "true" || replayed["order_id"] != orderID {
		t.Errorf("the key after the restart: %d replayed %q order %v, want 201 true %s",
			code, header.Get("Idempotent-Replayed"), replayed["order_id"], orderID)
	}
	if code, _, refused := placeShank(t, base, dir, "u-third", "after-restart", 1); code != http.StatusConflict {
		t.Errorf("the sku sold again after the restart: %d %v", code, refused)
	}
}

// lastingKeys is every key of rdb that is not about to expire, with its
// value.
func lastingKeys(t *testing.T, rdb redis.UniversalClient) []string {
	t.Helper()
	ctx := context.Background()
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, k := range keys {
		if ttl := rdb.PTTL(ctx, k).Val(); ttl >= 0 && ttl < time.Minute {
			continue
		}
		out = append(out, k+" = "+valueOf(ctx, rdb, k))
	}
	slices.Sort(out)
	return out
}

func valueOf(ctx context.Context, rdb redis.UniversalClient, k string) string {
	switch typ := rdb.Type(ctx, k).Val(); typ {
	case "string":
		return rdb.Get(ctx, k).Val()
	case "hash":
		return fmt.Sprint(rdb.HGetAll(ctx, k).Val())
	case "set":
		members := rdb.SMembers(ctx, k).Val()
		slices.Sort(members)
		return fmt.Sprint(members)
	case "zset":
		return fmt.Sprint(rdb.ZRangeWithScores(ctx, k, 0, -1).Val())
	default:
		return typ
	}
}

// The runner's own Redis keeps its data across a restart, in both forms:
// an answered Idempotency-Key replays the same order and a sold-out sku
// stays sold out; every lasting key is there with its value.
func TestOwnRedisKeepsItsDataAcrossRestart(t *testing.T) {
	for name, mode := range localRedisModes(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeCatalog(t, dir)
			r, err := Start(context.Background(), ownRedisConfig(dir, mode))
			if err != nil {
				t.Fatal(err)
			}
			orderID := sellOut(t, r.URL(), dir)
			before := lastingKeys(t, r.redis)
			if err := r.Close(context.Background()); err != nil {
				t.Fatalf("close: %v", err)
			}

			r, err = Start(context.Background(), ownRedisConfig(dir, mode))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close(context.Background())
			if after := lastingKeys(t, r.redis); !slices.Equal(before, after) {
				t.Errorf("Redis after the restart:\n%s\nbefore:\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
			}
			stillSoldOut(t, r.URL(), dir, orderID)
		})
	}
}

// Asked for a redis-server where there is none, the start fails and
// says so.
func TestOwnRedisServerMissing(t *testing.T) {
	dir := t.TempDir()
	writeCatalog(t, dir)
	cfg := ownRedisConfig(dir, LocalRedisServer)
	t.Setenv("PATH", t.TempDir())
	if _, err := Start(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "no redis-server on PATH") {
		t.Fatalf("start: %v", err)
	}
}
