package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// The README's walkthrough, as a test: an order placed over HTTP, paid
// through the sandbox provider's signed webhook, accepted by the merchant,
// read back with its timeline, and the pushes the user and the merchant
// received.
func TestWalkthroughOfAnOrder(t *testing.T) {
	dir := t.TempDir()
	r, err := Start(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir, SweepInterval: time.Hour,
		StackFile: filepath.Join("..", "..", "..", "stack.yml"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(context.Background())
	user := tokenFor(t, dir, auth.Principal{Subject: "u-walk", Role: auth.RoleUser})
	merchant := tokenFor(t, dir, auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-lanzhou"})

	var placed struct {
		OrderID string `json:"order_id"`
		Amounts struct {
			Total int64 `json:"total"`
		} `json:"amounts"`
	}
	call(t, r, "POST", "/function/place-order", user, map[string]string{"Idempotency-Key": "walk-1"},
		`{"store_id":"s-lanzhou","items":[{"sku_id":"beef-noodle-soup","qty":2}],
		  "delivery":{"name":"Li","phone":"13800001234","address":"1 Renmin Rd"}}`, 201, &placed)
	pay, _ := json.Marshal(map[string]any{"order_id": placed.OrderID, "amount": placed.Amounts.Total})
	call(t, r, "POST", "/sandbox/payments/pay", "", nil, string(pay), 200, nil)
	call(t, r, "POST", "/function/order-action/orders/"+placed.OrderID+"/accept", merchant, nil, "", 200, nil)

	var got struct {
		Status   string `json:"status"`
		Delivery struct {
			Phone string `json:"phone"`
		} `json:"delivery"`
	}
	call(t, r, "GET", "/function/order-query/orders/"+placed.OrderID, merchant, nil, "", 200, &got)
	if got.Status != "ACCEPTED" || got.Delivery.Phone != "138****1234" {
		t.Errorf("the merchant reads %+v", got)
	}
	var timeline []struct {
		Type string `json:"type"`
	}
	call(t, r, "GET", "/function/order-query/orders/"+placed.OrderID+"/timeline", user, nil, "", 200, &timeline)
	if len(timeline) != 3 || timeline[2].Type != "order.accepted" {
		t.Errorf("timeline %+v", timeline)
	}
	waitForPushes(t, r, placed.OrderID, map[string]int{"user:u-walk": 2, "merchant:s-lanzhou": 1})
}

func tokenFor(t *testing.T, dir string, p auth.Principal) string {
	t.Helper()
	secret, err := secrets.Read(filepath.Join(dir, "secrets"), secrets.JWTSecret)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := auth.Sign(secret, p, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// call sends one request to the runner and checks its status; out, when
// given, receives the JSON answer.
func call(t *testing.T, r *Runner, method, path, token string, headers map[string]string, body string, want int, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, r.URL()+path, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, resp.StatusCode, raw, want)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
}

// waitForPushes waits until each recipient got the number of pushes about
// the order.
func waitForPushes(t *testing.T, r *Runner, orderID string, want map[string]int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		done := true
		for recipient, n := range want {
			done = done && len(r.pushSandbox.Notifications(recipient, orderID)) == n
		}
		if done {
			return
		}
	}
	for recipient, n := range want {
		t.Errorf("%s got %d pushes, want %d", recipient, len(r.pushSandbox.Notifications(recipient, orderID)), n)
	}
}
