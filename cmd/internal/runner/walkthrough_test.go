package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// menuOrder is the README walkthrough's order: two bowls of biangbiang
// noodles at s-noodle-bar, large (+200), hot, with a fried egg (+200),
// to an address 2771 m away, with a tip of 300. By hand: 2 x (2400 + 200
// + 200) = 5600 of items; packing 100 + 2 x 50 = 200; delivery 500 (the
// band up to 3000 m); 5600 + 200 + 500 + 300 = 6600.
const menuOrder = `{"store_id":"s-noodle-bar","items":[{"sku_id":"biangbiang-noodles","qty":2,"options":[
  {"group_id":"size","option_id":"large"},{"group_id":"spice","option_id":"hot"},{"group_id":"add-ons","option_id":"egg"}]}],
 "delivery":{"name":"Li","phone":"13800001234","address":"1 Renmin Ave","lat":31.2304,"lng":121.4737},"tip":300}`

// menuAmounts are menuOrder's, computed by hand.
var menuAmounts = map[string]int64{"items": 5600, "packing_fee": 200, "delivery_fee": 500, "small_order_fee": 0,
	"tip": 300, "discount": 0, "total": 6600, "paid": 0, "refunded": 0}

// The README's walkthrough, as a test: an order with options and a tip
// placed over HTTP, paid through the sandbox provider's signed webhook,
// accepted by the merchant, read back with its timeline, and the pushes
// the user and the merchant received.
func TestWalkthroughOfAnOrder(t *testing.T) {
	dir := t.TempDir()
	r, err := Start(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir, SweepInterval: time.Hour,
		StackFile: filepath.Join("..", "..", "..", "stack.yml"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(context.Background())
	user := tokenFor(t, dir, auth.Principal{Subject: "u-walk", Role: auth.RoleUser})
	merchant := tokenFor(t, dir, auth.Principal{Subject: "m-1", Role: auth.RoleMerchant, StoreID: "s-noodle-bar"})

	var placed struct {
		OrderID string           `json:"order_id"`
		Amounts map[string]int64 `json:"amounts"`
		Items   []struct {
			UnitPrice int64 `json:"unit_price"`
			Options   []struct {
				OptionID string `json:"option_id"`
			} `json:"options"`
		} `json:"items"`
		Delivery struct {
			DistanceM int `json:"distance_m"`
		} `json:"delivery"`
	}
	call(t, r, "POST", "/function/place-order", user, map[string]string{"Idempotency-Key": "walk-1"}, menuOrder, 201, &placed)
	if !maps.Equal(placed.Amounts, menuAmounts) || placed.Items[0].UnitPrice != 2800 || len(placed.Items[0].Options) != 3 ||
		placed.Delivery.DistanceM != 2771 {
		t.Errorf("placed %+v, want the amounts %v of a unit price 2800 with its 3 options, 2771 m away", placed, menuAmounts)
	}
	pay, _ := json.Marshal(map[string]any{"order_id": placed.OrderID, "amount": placed.Amounts["total"]})
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
	waitForPushes(t, r, placed.OrderID, map[string]int{"user:u-walk": 2, "merchant:s-noodle-bar": 1})
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

// TestREADMEPlacesTheWalkthroughsOrder keeps the README's curl and the
// walkthrough test on one order: the body the README sends is menuOrder,
// and the amount it pays is menuOrder's total.
func TestREADMEPlacesTheWalkthroughsOrder(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "-d '{\"store_id\":\"s-noodle-bar\"")
	body, _, closed := strings.Cut(rest, "}'")
	if !ok || !closed {
		t.Fatal("the README places no order at s-noodle-bar")
	}
	var sent, want any
	if err := json.Unmarshal([]byte(`{"store_id":"s-noodle-bar"`+body+"}"), &sent); err != nil {
		t.Fatalf("the README's order: %v", err)
	}
	_ = json.Unmarshal([]byte(menuOrder), &want)
	if !reflect.DeepEqual(sent, want) {
		t.Errorf("the README orders %v, the walkthrough test %v", sent, want)
	}
	if pay := fmt.Sprintf(`"amount":%d}`, menuAmounts["total"]); !strings.Contains(string(readme), pay) {
		t.Errorf("the README does not pay %s", pay)
	}
}
