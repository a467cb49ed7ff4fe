package function

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
)

func TestOneKeyManyConcurrentRequestsMakeOneOrder(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		e := newEnv(t, store, withConfig(noLimits))
		k, b := key(), body("", "noodles:1")
		var mu sync.Mutex
		statuses, ids := map[int]int{}, map[string]bool{}
		var wg sync.WaitGroup
		for range 200 {
			wg.Go(func() {
				resp := e.call("u-1", k, b)
				mu.Lock()
				defer mu.Unlock()
				statuses[resp.StatusCode]++
				if resp.StatusCode == 201 {
					var p placed
					_ = json.Unmarshal(resp.Body, &p)
					ids[p.OrderID] = true
				} else if resp.StatusCode != 409 || errorOf(t, resp).Code != "request_in_progress" {
					t.Errorf("answered %d %s", resp.StatusCode, resp.Body)
				}
			})
		}
		wg.Wait()
		if len(ids) != 1 || statuses[201] < 1 || e.userOrders("u-1") != 1 {
			t.Fatalf("statuses %v, order ids %v, %d orders stored", statuses, ids, e.userOrders("u-1"))
		}
	})
}

// 500 orders race for a daily limit of 100, each client retrying a 503
// (a deadline passed on a slow machine) under its key until a final
// answer: exactly 100 are created, the rest are out of stock.
func TestDailyLimitHoldsUnderRace(t *testing.T) {
	backends.Each(t, func(t *testing.T, store kv.Store) {
		e := newEnv(t, store, withConfig(noLimits))
		var mu sync.Mutex
		statuses := map[string]int{}
		var wg sync.WaitGroup
		sem := make(chan struct{}, 100)
		for i := range 500 {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				user, k := fmt.Sprintf("race-%d", i), key()
				resp := e.call(user, k, body("", "shank:1"))
				for resp.StatusCode == http.StatusServiceUnavailable { // a client retries a 503 under its key
					time.Sleep(10 * time.Millisecond)
					resp = e.call(user, k, body("", "shank:1"))
				}
				code := "created"
				if resp.StatusCode != 201 {
					code = errorOf(t, resp).Code
				}
				mu.Lock()
				statuses[code]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if statuses["created"] != 100 || statuses["out_of_stock"] != 400 {
			t.Fatalf("outcomes %v, want 100 created and 400 out_of_stock", statuses)
		}
	})
}

func TestTwoOrdersRaceForOneCoupon(t *testing.T) {
	e := bolt(t, withConfig(noLimits))
	decodePlaced(t, e.call("u-1", key(), body("", "noodles:1"))) // u-1 has ordered before
	var mu sync.Mutex
	codes := map[string]int{}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			resp := e.call("u-1", key(), body(`"coupon_id":"cp-5"`, "noodles:1"))
			code := "created"
			if resp.StatusCode != 201 {
				code = errorOf(t, resp).Code
			}
			mu.Lock()
			codes[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes["created"] != 1 || codes["coupon_unusable"] != 1 {
		t.Fatalf("outcomes %v, want one created and one coupon_unusable", codes)
	}
	_ = context.Background()
}
