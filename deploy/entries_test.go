package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	holds "github.com/ordercenter/ordercenter/functions/holds"
	orderaction "github.com/ordercenter/ordercenter/functions/order-action"
	orderquery "github.com/ordercenter/ordercenter/functions/order-query"
	paycallback "github.com/ordercenter/ordercenter/functions/pay-callback"
	placeorder "github.com/ordercenter/ordercenter/functions/place-order"
	pushnotify "github.com/ordercenter/ordercenter/functions/push-notify"
	refundfn "github.com/ordercenter/ordercenter/functions/refund"
	sweeper "github.com/ordercenter/ordercenter/functions/sweeper"
	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/catalog/builtin"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/origin"
	paysandbox "github.com/ordercenter/ordercenter/shared/payment/sandbox"
	pushsandbox "github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/secrets"
	"github.com/ordercenter/ordercenter/shared/signature"
)

// entries are the functions' OpenFaaS entry points, as the template's
// main.go calls them.
var entries = map[string]func(handler.Request) (handler.Response, error){
	placeorder.Name: placeorder.Handle, paycallback.Name: paycallback.Handle, refundfn.Name: refundfn.Handle,
	holds.Name: holds.Handle, pushnotify.Name: pushnotify.Handle, orderquery.Name: orderquery.Handle,
	orderaction.Name: orderaction.Handle, sweeper.Name: sweeper.Handle,
}

type entry func(handler.Request) (handler.Response, error)

func (e entry) Handle(req handler.Request) (handler.Response, error) { return e(req) }

// deployment is every function wired from the process's environment by
// its own OpenFaaS entry, behind a gateway that forwards /function/<name>
// to each as the of-watchdog does, with the template's adapter.
type deployment struct {
	t        *testing.T
	url      string
	secrets  string
	payments *paysandbox.Provider
	pushes   *pushsandbox.Gateway
}

// deploy sets the environment a deployment gives every function: the
// store, NATS, Redis, the catalog, the payment provider, the push
// gateway, the secrets directory.
func deploy(t *testing.T) *deployment {
	endpoint, table := backends.DynamoDBTable(t)
	d := &deployment{t: t, secrets: filepath.Join(t.TempDir(), "secrets")}
	if _, err := secrets.EnsureDev(d.secrets); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	d.url = srv.URL
	for name, handle := range entries {
		fn := http.StripPrefix("/function/"+name, &httpapi.Server{Invoker: httpapi.Invoker{Name: name}, Function: entry(handle)})
		mux.Handle("/function/"+name, fn)
		mux.Handle("/function/"+name+"/", fn)
	}
	mux.Handle("/catalog/", http.StripPrefix("/catalog", builtin.Demo().Handler()))
	d.mountSandboxes(t, mux)
	prefix := redistest.Prefix(t)
	for name, value := range map[string]string{
		"DYNAMODB_ENDPOINT": endpoint, "DYNAMODB_TABLE": table, "NATS_URL": eventstest.Start(t).URL(),
		"REDIS_URL": redistest.URL(t), "REDIS_KEY_PREFIX": prefix, "PUSH_KEY_PREFIX": prefix + "push:",
		"CATALOG_URL": srv.URL + "/catalog", "PAYMENT_PROVIDER_URL": srv.URL + "/payments",
		"PUSH_GATEWAY_URL": srv.URL + "/push", "SECRETS_DIR": d.secrets,
	} {
		t.Setenv(name, value)
	}
	return d
}

func (d *deployment) mountSandboxes(t *testing.T, mux *http.ServeMux) {
	var err error
	d.payments, err = paysandbox.New(paysandbox.Config{Prefix: "/payments", WebhookURL: d.url + "/function/pay-callback",
		Secrets: func() [][]byte { return signature.ParseSecrets(d.secret(secrets.PaymentWebhookSecret)) }})
	if err != nil {
		t.Fatal(err)
	}
	d.pushes, err = pushsandbox.New(pushsandbox.Config{Prefix: "/push"})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/payments/", d.payments)
	mux.Handle("/push/", d.pushes)
}

func (d *deployment) secret(name string) []byte {
	raw, err := secrets.Read(d.secrets, name)
	if err != nil {
		d.t.Fatal(err)
	}
	return raw
}

// token signs a bearer token as the platform's identity service would.
func (d *deployment) token(role auth.Role, sub, store string) string {
	tok, err := auth.Sign(d.secret(secrets.JWTSecret), auth.Principal{Subject: sub, Role: role, StoreID: store}, time.Hour, time.Now())
	if err != nil {
		d.t.Fatal(err)
	}
	return tok
}

// call sends one request through the gateway and decodes the answer.
func (d *deployment) call(method, path, token string, body any, headers ...string) (int, map[string]any) {
	d.t.Helper()
	raw, _ := json.Marshal(body)
	return d.send(method, path, token, raw, headers...)
}

// signed is the proof of origin of body, as the order center's publisher
// and scheduler sign their calls.
func (d *deployment) signed(body any) (raw []byte, proof string) {
	d.t.Helper()
	raw, _ = json.Marshal(body)
	keys, err := origin.FileKeys(d.secrets, time.Now)
	if err != nil {
		d.t.Fatal(err)
	}
	proof, err = origin.NewSigner(keys, time.Now).Sign(raw)
	if err != nil {
		d.t.Fatal(err)
	}
	return raw, proof
}

// internal calls an internal function with a proof of origin.
func (d *deployment) internal(path string, body any, headers ...string) (int, map[string]any) {
	d.t.Helper()
	raw, proof := d.signed(body)
	return d.send(http.MethodPost, path, "", raw, append(headers, origin.Header, proof)...)
}

// send sends raw through the gateway and decodes the answer.
func (d *deployment) send(method, path, token string, raw []byte, headers ...string) (int, map[string]any) {
	d.t.Helper()
	req, _ := http.NewRequest(method, d.url+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	var v map[string]any
	_ = json.Unmarshal(answer, &v)
	return resp.StatusCode, v
}

// expect fails the test unless a call answered want.
func (d *deployment) expect(what string, want, got int, body map[string]any) {
	d.t.Helper()
	if got != want {
		d.t.Fatalf("%s: answered %d, want %d: %v", what, got, want, body)
	}
}

// TestEveryDeployedEntryServes builds every function the way OpenFaaS
// runs it (its package's Handle, wired from the environment and the
// secrets directory on its first call) and serves a real request through
// each: no deployed entry is untested.
func TestEveryDeployedEntryServes(t *testing.T) {
	if os.Getenv("DYNAMODB_ENDPOINT") == "" {
		t.Skip("DYNAMODB_ENDPOINT not set: a deployment's store is DynamoDB-compatible")
	}
	d := deploy(t)
	user, merchant := d.token(auth.RoleUser, "u-deploy", ""), d.token(auth.RoleMerchant, "m-1", "s-lanzhou")
	service := d.token(auth.RoleService, "support-1", "")
	status, placed := d.call(http.MethodPost, "/function/place-order", user, map[string]any{
		"store_id": "s-lanzhou", "items": []map[string]any{{"sku_id": "beef-noodle-soup", "qty": 2}},
		"delivery": map[string]any{"name": "Li", "phone": "13800001234", "address": "1 Renmin Rd"}},
		"Idempotency-Key", "deploy-1")
	d.expect("place-order", http.StatusCreated, status, placed)
	id, total := placed["order_id"].(string), int64(placed["amounts"].(map[string]any)["total"].(float64))

	delivery, err := d.payments.Pay(context.Background(), paysandbox.PayRequest{OrderID: id, Amount: total})
	if err != nil || delivery.Webhook.Status != http.StatusOK {
		t.Fatalf("pay-callback: %+v, %v", delivery, err)
	}
	status, got := d.call(http.MethodGet, "/function/order-query/orders/"+id, merchant, nil)
	d.expect("order-query", http.StatusOK, status, got)
	if got["status"] != "PAID" {
		t.Fatalf("order-query: %v", got)
	}
	paid := d.paidEvent(id, total, delivery.Event.TxnID)
	status, got = d.internal("/function/holds", paid)
	d.expect("holds", http.StatusOK, status, got)
	status, got = d.internal("/function/push-notify", paid)
	d.expect("push-notify", http.StatusOK, status, got)
	if len(d.pushes.Notifications("merchant:s-lanzhou", id)) != 1 {
		t.Fatalf("push-notify: the merchant got %v", d.pushes.Calls())
	}
	status, got = d.call(http.MethodPost, "/function/order-action/orders/"+id+"/accept", merchant, nil)
	d.expect("order-action", http.StatusOK, status, got)
	status, got = d.call(http.MethodPost, "/function/refund", service,
		map[string]any{"order_id": id, "refund_id": "deploy-r1", "amount": 100, "reason": "missing chopsticks"})
	d.expect("refund", http.StatusAccepted, status, got)
	if n := d.payments.Refunds("deploy-r1"); n.Executed != 1 {
		t.Fatalf("refund: the provider executed %+v", n)
	}
	status, got = d.internal("/function/sweeper", nil)
	d.expect("sweeper", http.StatusOK, status, got)
	t.Run("internal functions refuse calls that do not prove their origin or contradict the record", func(t *testing.T) {
		d.refuseUnproven(t, id)
	})
}

// paidEvent is the order.paid event of section 11 as the connector
// delivers it.
func (d *deployment) paidEvent(id string, amount int64, txn string) map[string]any {
	return map[string]any{"event_id": id + "-2-1", "type": "order.paid", "order_id": id, "user_id": "u-deploy",
		"store_id": "s-lanzhou", "order_version": 2, "occurred_at": time.Now().UTC().Format(time.RFC3339Nano),
		"data": map[string]any{"amount": amount, "txn_id": txn}}
}

// refuseUnproven sends every internal function forged, unsigned, wrongly
// signed, altered and stale calls: each is 401 and changes nothing. The
// events correctly signed are still refused (400) and change nothing: an
// order.cancelled of an unpaid order at a version it never had, an
// order.accepted naming a stranger, a refund.requested the record lacks.
func (d *deployment) refuseUnproven(t *testing.T, paidOrder string) {
	user := d.token(auth.RoleUser, "u-limit", "")
	status, got := d.call(http.MethodPost, "/function/place-order", user, map[string]any{"store_id": "s-lanzhou",
		"items":    []map[string]any{{"sku_id": "braised-beef-shank", "qty": 20}},
		"delivery": map[string]any{"name": "Li", "phone": "13800001234", "address": "1 Renmin Rd"}}, "Idempotency-Key", "all-shanks")
	d.expect("place the whole daily limit", http.StatusCreated, status, got)
	limited := got["order_id"].(string)
	cancelled := map[string]any{"event_id": limited + "-2-1", "type": "order.cancelled", "order_id": limited,
		"user_id": "u-limit", "store_id": "s-lanzhou", "order_version": 2, "occurred_at": time.Now().UTC().Format(time.RFC3339Nano),
		"data": map[string]any{"action": "cancel", "from": "PENDING_PAYMENT", "reason": "forged", "refund_due": false}}
	accepted := map[string]any{"event_id": paidOrder + "-9-1", "type": "order.accepted", "order_id": paidOrder,
		"user_id": "u-stranger", "store_id": "s-lanzhou", "order_version": 9, "occurred_at": time.Now().UTC().Format(time.RFC3339Nano), "data": map[string]any{}}
	refundEvent := map[string]any{"event_id": paidOrder + "-9-2", "type": "refund.requested", "order_id": paidOrder,
		"user_id": "u-deploy", "store_id": "s-lanzhou", "order_version": 9, "occurred_at": time.Now().UTC().Format(time.RFC3339Nano),
		"data": map[string]any{"amount": 1, "currency": "CNY", "kind": "partial", "refund_id": "forged-1"}}
	pushesBefore, refundsBefore := len(d.pushes.Calls()), len(d.payments.Calls())
	targets := []struct {
		path   string
		body   any
		header []string
	}{
		{"/function/holds", cancelled, nil},
		{"/function/push-notify", accepted, nil},
		{"/function/refund", refundEvent, []string{"X-Topic", "orders.events.refund.requested"}},
		{"/function/sweeper", nil, nil},
	}
	for _, target := range targets {
		raw, proof := d.signed(target.body)
		altered := append(bytes.Clone(raw[:len(raw)-1]), []byte(`,"x":1}`)...)
		if target.body == nil {
			altered = []byte(`{}`)
		}
		forged := "t=" + strconv.FormatInt(time.Now().Unix(), 10) + ",v1=" + strings.Repeat("ab", 32)
		otherKey := signature.Sign([]byte("not the order center's key"), time.Now(), raw)
		stale := signature.Sign(d.secret(secrets.EventSigningSecret)[:64], time.Now().Add(-10*time.Minute), raw)
		cases := map[string]struct {
			body  []byte
			proof string
		}{"unsigned": {raw, ""}, "forged": {raw, forged}, "another key": {raw, otherKey}, "altered body": {altered, proof}}
		if target.path == "/function/sweeper" {
			cases["stale"] = struct {
				body  []byte
				proof string
			}{raw, stale}
		}
		for name, c := range cases {
			headers := append(slices.Clone(target.header), origin.Header, c.proof)
			if status, got := d.send(http.MethodPost, target.path, "", c.body, headers...); status != http.StatusUnauthorized {
				t.Errorf("%s, %s: answered %d %v, want 401", target.path, name, status, got)
			}
		}
	}
	for _, target := range targets[:3] { // the events, signed, yet not what their order's record holds
		raw, proof := d.signed(target.body)
		headers := append(slices.Clone(target.header), origin.Header, proof)
		if status, got := d.send(http.MethodPost, target.path, "", raw, headers...); status != http.StatusBadRequest {
			t.Errorf("%s, signed but contradicting the order's record: answered %d %v, want 400", target.path, status, got)
		}
	}
	if len(d.pushes.Calls()) != pushesBefore || len(d.payments.Calls()) != refundsBefore {
		t.Errorf("refused calls pushed %d or refunded %d", len(d.pushes.Calls())-pushesBefore, len(d.payments.Calls())-refundsBefore)
	}
	status, got = d.call(http.MethodPost, "/function/place-order", user, map[string]any{"store_id": "s-lanzhou",
		"items":    []map[string]any{{"sku_id": "braised-beef-shank", "qty": 1}},
		"delivery": map[string]any{"name": "Li", "phone": "13800001234", "address": "1 Renmin Rd"}}, "Idempotency-Key", "one-more-shank")
	if status != http.StatusConflict || got["error"].(map[string]any)["code"] != "out_of_stock" {
		t.Errorf("a forged order.cancelled freed the stock: %d %v", status, got)
	}
}

// Every function folder has its deployed entry in the test above.
func TestEveryFunctionFolderHasItsEntryTested(t *testing.T) {
	dirs, err := os.ReadDir("../functions")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if _, ok := entries[dir.Name()]; dir.IsDir() && !ok {
			t.Errorf("functions/%s has no entry in the deployed-entries test", dir.Name())
		}
	}
}
