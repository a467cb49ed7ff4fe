package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// probe builds the n-th representative call of a function: one that
// reaches its dependencies (store, Redis, NATS, catalog, provider).
type probe func(n int64) (*http.Request, error)

var counter atomic.Int64

func newProbes(dir string) (map[string]probe, error) {
	jwtSecret, err := secrets.Current(dir, secrets.JWTSecret)
	if err != nil {
		return nil, err
	}
	hook, err := secrets.Read(dir, secrets.PaymentWebhookSecret)
	if err != nil {
		return nil, err
	}
	tok := func(p auth.Principal) string {
		t, _ := auth.Sign(jwtSecret, p, time.Hour, time.Now())
		return "Bearer " + t
	}
	user := func(n int64) string {
		return tok(auth.Principal{Subject: fmt.Sprintf("cold-%d", n), Role: auth.RoleUser})
	}
	merchant := tok(auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-lanzhou"})
	service := tok(auth.Principal{Subject: "ops", Role: auth.RoleService})
	return map[string]probe{
		"place-order":  placeOrder(user),
		"pay-callback": payCallback(signature.ParseSecrets(hook)),
		"refund":       get("/cold-refund-1", service),
		"order-query":  get("/orders/01m7zzzzzzzzzzzzzzzzzzzzzz", merchant),
		"order-action": post("/orders/01m7zzzzzzzzzzzzzzzzzzzzzz/accept", merchant, nil),
		"push-notify":  event("order.accepted"),
		"holds":        event("order.paid"),
		"sweeper":      post("/", "", nil),
	}, nil
}

func placeOrder(user func(int64) string) probe {
	return func(n int64) (*http.Request, error) {
		body := `{"store_id":"s-lanzhou","items":[{"sku_id":"beef-noodle-soup","qty":1}],` +
			`"delivery":{"name":"Li","phone":"13800001234","address":"1 Renmin Rd"}}`
		r, err := http.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		if err == nil {
			r.Header.Set("Authorization", user(n))
			r.Header.Set("Idempotency-Key", fmt.Sprintf("cold-%d-%d", os.Getpid(), n))
			r.Header.Set("Content-Type", "application/json")
		}
		return r, err
	}
}

func payCallback(keys [][]byte) probe {
	return func(n int64) (*http.Request, error) {
		body := fmt.Sprintf(`{"event_id":"cold-%d","type":"payment.succeeded","order_id":"01m7zzzzzzzzzzzzzzzzzzzzzz",`+
			`"txn_id":"t-%d","amount":100,"currency":"CNY","occurred_at":"%s"}`, n, n, time.Now().UTC().Format(time.RFC3339))
		r, err := http.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		if err == nil {
			r.Header.Set(signature.HeaderName, signature.Header(keys[:1], time.Now(), []byte(body)))
			r.Header.Set("Content-Type", "application/json")
		}
		return r, err
	}
}

func event(typ string) probe {
	return func(n int64) (*http.Request, error) {
		body, _ := json.Marshal(map[string]any{
			"event_id": fmt.Sprintf("cold-%s-%d-%d", typ, os.Getpid(), n), "type": typ,
			"order_id": fmt.Sprintf("01m7zzzzzzzzzzzzzz%08d", n), "user_id": "u-1", "store_id": "s-lanzhou",
			"order_version": 2, "occurred_at": time.Now().UTC().Format(time.RFC3339), "data": map[string]any{}})
		r, err := http.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		if err == nil {
			r.Header.Set("X-Topic", "orders.events."+typ)
			r.Header.Set("Content-Type", "application/json")
		}
		return r, err
	}
}

// bare is a call that needs no dependency: it shows when the process
// answers at all.
var bare = call(http.MethodGet, "/", "", nil)

func get(path, authz string) probe { return call(http.MethodGet, path, authz, nil) }

func post(path, authz string, body []byte) probe { return call(http.MethodPost, path, authz, body) }

func call(method, path, authz string, body []byte) probe {
	return func(int64) (*http.Request, error) {
		r, err := http.NewRequest(method, path, bytes.NewReader(body))
		if err == nil && authz != "" {
			r.Header.Set("Authorization", authz)
		}
		return r, err
	}
}

// firstAnswer calls until the process answers (it is starting up).
func firstAnswer(base string, p probe) (int, error) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		status, err := send(base, p, counter.Add(1))
		if err == nil {
			return status, nil
		}
		time.Sleep(500 * time.Microsecond)
	}
	return 0, errors.New("no answer in 10s")
}

func send(base string, p probe, n int64) (int, error) {
	req, err := p(n)
	if err != nil {
		return 0, err
	}
	u := base + req.URL.Path
	req.URL, _ = req.URL.Parse(u)
	req.RequestURI = ""
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// hammer calls concurrently for the duration and returns calls per second.
func hammer(base string, p probe, d time.Duration, conc int) float64 {
	var done atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	for range conc {
		wg.Go(func() {
			for time.Now().Before(stop) {
				if _, err := send(base, p, counter.Add(1)); err == nil {
					done.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return float64(done.Load()) / d.Seconds()
}

// rss reads a memory figure (kB) of a process from /proc.
func rss(pid int, field string) int64 {
	raw, err := os.ReadFile(filepath.Join("/proc", fmt.Sprint(pid), "status"))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb
		}
	}
	return 0
}
