package function

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/app"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/origin"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// post sends body to n as the NATS connector does, headers as key, value
// pairs.
func post(n interface {
	Handle(handler.Request) (handler.Response, error)
}, body string, headers ...string) handler.Response {
	req := handler.Request{Method: http.MethodPost, Body: []byte(body), Header: http.Header{
		"Content-Type": {"application/json"}}}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	req.WithContext(context.Background())
	resp, err := n.Handle(req)
	if err != nil {
		panic(err)
	}
	return resp
}

func encode(t testing.TB, e order.Event) string {
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestHandleStatuses(t *testing.T) {
	f := newFixture(t)
	n := f.notifier(t, func(d *Deps) { d.Config.RateLimit = ratelimit.Limit{Count: 2, Period: time.Minute} })
	evs := f.stored(t, orderID, order.StatusDelivering)
	paid, accepted, delivering := evs[order.EventPaid], evs[order.EventAccepted], evs[order.EventDelivering]
	o2, o3 := order.NewID(f.clock.Now()), order.NewID(f.clock.Now())
	refused := f.storedBy(t, o2, order.StatusDelivered, "u-2", "s-1")[order.EventDelivered]
	elsewhere := f.storedBy(t, o3, order.StatusDelivered, "u-3", "s-1")[order.EventDelivered]
	id := paid.EventID
	tests := []struct {
		name    string
		arrange func()
		body    string
		headers []string
		status  int
		want    string // the body, or the error code
		after   string // Retry-After
	}{
		{"sent", nil, encode(t, paid), []string{"X-Topic", "orders.events.order.paid"}, 200,
			`{"event_id":"` + id + `","sent":["` + id + `.user","` + id + `.merchant"],"skipped":[]}`, ""},
		{"redelivered", nil, encode(t, paid), nil, 200,
			`{"event_id":"` + id + `","sent":[],"skipped":[{"notification_id":"` + id + `.user","reason":"already_sent"},` +
				`{"notification_id":"` + id + `.merchant","reason":"already_sent"}]}`, ""},
		{"nobody hears it", nil, `{"event_id":"e-r","order_id":"o-1"}`, []string{"X-Topic", "orders.events.order.ready"}, 200,
			`{"event_id":"e-r","sent":[],"skipped":[]}`, ""},
		{"gateway down", func() { f.faults(t, `{"fail_next":1}`) }, encode(t, accepted), nil, 503, "dependency_unavailable", "1"},
		{"gateway refuses", func() { f.faults(t, `{"fail_next":1,"status":422}`) }, encode(t, refused), nil, 200,
			`{"event_id":"` + refused.EventID + `","sent":[],"skipped":[{"notification_id":"` + refused.EventID + `.user","reason":"rejected"}]}`, ""},
		{"rate limited", nil, encode(t, delivering), nil, 429, "rate_limited", "60"},
		{"busy elsewhere", func() {
			f.rdb.Set(context.Background(), f.prefix+"{"+o3+"}:claim:"+elsewhere.EventID+".user", "x", time.Minute)
		},
			encode(t, elsewhere), nil, 503, "dependency_unavailable", "1"},
		{"malformed", nil, `{"event_id":`, nil, 400, "invalid_request", ""},
		{"two values", nil, encode(t, paid) + "{}", nil, 400, "invalid_request", ""},
		{"no event id", nil, `{"type":"order.paid"}`, nil, 400, "invalid_request", ""},
		{"unknown type", nil, `{"event_id":"e","order_id":"o-1","type":"order.teleported"}`, nil, 400, "invalid_request", ""},
		{"amount not a number", nil, strings.Replace(encode(t, paid), `"amount":2550`, `"amount":"lots"`, 1), nil, 400, "invalid_request", ""},
		{"not the order's user", nil, strings.Replace(encode(t, accepted), `"u-1"`, `"u-9"`, 1), nil, 400, "invalid_request", ""},
		{"unknown order", nil, encode(t, event(order.EventAccepted, order.NewID(f.clock.Now()), 3, nil)), nil, 400, "invalid_request", ""},
		{"missing store", nil, strings.Replace(encode(t, paid), `"s-1"`, `""`, 1), nil, 400, "invalid_request", ""},
		{"subject disagrees", nil, encode(t, paid), []string{"X-Topic", "orders.events.order.accepted"}, 400, "invalid_request", ""},
		{"too large", nil, `{"event_id":"` + strings.Repeat("x", order.MaxEventBytes) + `"}`, nil, 400, "invalid_request", ""},
		{"not JSON", nil, encode(t, paid), []string{"Content-Type", "text/plain"}, 400, "invalid_request", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.arrange != nil {
				tt.arrange()
			}
			resp := post(n, tt.body, tt.headers...)
			if resp.StatusCode != tt.status || resp.Header.Get("Retry-After") != tt.after {
				t.Fatalf("%d (Retry-After %q) %s, want %d (%q)", resp.StatusCode, resp.Header.Get("Retry-After"),
					resp.Body, tt.status, tt.after)
			}
			if tt.status == 200 {
				if string(resp.Body) != tt.want {
					t.Fatalf("body %s\nwant %s", resp.Body, tt.want)
				}
				return
			}
			var got struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(resp.Body, &got); err != nil || got.Error.Code != tt.want {
				t.Fatalf("body %s, want code %s", resp.Body, tt.want)
			}
		})
	}
	req := handler.Request{Method: http.MethodGet, Header: http.Header{}}
	if resp, _ := n.Handle(req); resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Fatalf("GET answered %d %v", resp.StatusCode, resp.Header)
	}
}

func TestHandleWithRedisOrStoreDownIs503(t *testing.T) {
	f := newFixture(t)
	accepted := encode(t, f.stored(t, orderID, order.StatusAccepted)[order.EventAccepted])
	for name, tweak := range map[string]func(d *Deps){
		"redis": func(d *Deps) { d.Redis = deadRedis(t) },
		"store": func(d *Deps) { d.Orders = orderstore.New(backends.Unreachable(t), orderstore.Options{}) },
	} {
		resp := post(f.notifier(t, tweak), accepted)
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || strings.Contains(string(resp.Body), "127.0.0.1") {
			t.Fatalf("%s down: answered %d %v %s", name, resp.StatusCode, resp.Header, resp.Body)
		}
	}
	if len(f.notifications(t)) != 0 {
		t.Fatal("pushed without Redis or the store")
	}
}

// env is an environment as a deployment's.
type env map[string]string

func (e env) get(k string) string { return e[k] }

func TestHandleIs503UntilWired(t *testing.T) {
	t.Setenv("PUSH_GATEWAY_URL", "")
	resp := post(handlerFunc(Handle), `{}`)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "5" {
		t.Fatalf("unwired: %d %v %s", resp.StatusCode, resp.Header, resp.Body)
	}
}

func TestBuildFromTheEnvironment(t *testing.T) {
	store := backends.Bolt(t)
	f := newFixture(t, store)
	dir := t.TempDir()
	if _, err := secrets.EnsureDev(dir); err != nil {
		t.Fatal(err)
	}
	good := env{"REDIS_URL": redistest.URL(t), "PUSH_GATEWAY_URL": f.gateway.URL, "PUSH_KEY_PREFIX": f.prefix,
		"PUSH_RATE_LIMIT": "0", "SECRETS_DIR": dir}
	for name, bad := range map[string]env{
		"nothing":         {},
		"no gateway":      {"REDIS_URL": good["REDIS_URL"]},
		"bad gateway URL": {"REDIS_URL": good["REDIS_URL"], "PUSH_GATEWAY_URL": "gateway"},
		"bad Redis URL":   {"REDIS_URL": "localhost:6379", "PUSH_GATEWAY_URL": f.gateway.URL},
	} {
		cfg, err := app.LoadConfig(bad.get)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := Build(app.New(Name, cfg)); err == nil {
			t.Errorf("%s: built", name)
		}
	}
	for name, bad := range map[string]env{"bad rate limit": {"PUSH_RATE_LIMIT": "ten"}, "no prefix": {"PUSH_KEY_PREFIX": " "}} {
		if _, err := app.LoadConfig(bad.get); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	cfg, err := app.LoadConfig(good.get)
	if err != nil {
		t.Fatal(err)
	}
	d := app.New(Name, cfg, app.WithLogger(slog.New(slog.DiscardHandler)), app.WithStore(store))
	t.Cleanup(func() { _ = d.Close() })
	n, err := Build(d)
	if err != nil {
		t.Fatal(err)
	}
	body := encode(t, f.stored(t, orderID, order.StatusAccepted)[order.EventAccepted])
	if resp := post(n, body); resp.StatusCode != 401 {
		t.Fatalf("an unsigned event: %d %s", resp.StatusCode, resp.Body)
	}
	signer, err := d.Signer()
	if err != nil {
		t.Fatal(err)
	}
	proof, err := signer.Sign([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if resp := post(n, body, origin.Header, proof); resp.StatusCode != 200 {
		t.Fatalf("built: %d %s", resp.StatusCode, resp.Body)
	}
	f.checkOnceEach(t, order.EventIDFor(orderID, 3, 1)+".user")
}

type handlerFunc func(handler.Request) (handler.Response, error)

func (h handlerFunc) Handle(req handler.Request) (handler.Response, error) { return h(req) }
