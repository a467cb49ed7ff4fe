package runner

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
	"github.com/ordercenter/ordercenter/shared/origin"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

func startRunner(t *testing.T, dataDir string) *Runner {
	t.Helper()
	cfg := Config{Addr: "127.0.0.1:0", DataDir: dataDir, SweepInterval: time.Hour,
		Logger: slog.New(slog.DiscardHandler)}
	r, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return r
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// The runner starts, serves a function through the gateway, and keeps its
// data (orders, secrets) across a restart.
func TestRunnerServesAndKeepsDataAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	r := startRunner(t, dir)
	if code, body := get(t, r.URL()+"/healthz"); code != 200 || !strings.Contains(body, "sweeper") {
		t.Fatalf("healthz: %d %s", code, body)
	}
	rec, err := ordersOf(t, r).Create(context.Background(), demoOrder(t))
	if err != nil {
		t.Fatal(err)
	}
	token := devToken(t, dir)
	if err := r.Close(context.Background()); err != nil {
		t.Fatalf("close: %v", err)
	}

	r = startRunner(t, dir)
	defer r.Close(context.Background())
	if _, err := ordersOf(t, r).Get(context.Background(), rec.OrderID); err != nil {
		t.Fatalf("order after restart: %v", err)
	}
	verifyToken(t, dir, token)
	if resp, err := http.Post(r.URL()+"/function/sweeper", "application/json", nil); err != nil || resp.StatusCode != 401 {
		t.Fatalf("an anonymous trigger of the sweeper: %v, %v", resp, err)
	}
	req, _ := http.NewRequest(http.MethodPost, r.URL()+"/function/sweeper", nil)
	signer, err := r.deps.Signer()
	if err != nil {
		t.Fatal(err)
	}
	proof, err := signer.Sign(nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(origin.Header, proof)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var report struct {
		Heal json.RawMessage `json:"heal"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&report); err != nil || resp.StatusCode != 200 {
		t.Fatalf("sweeper through the gateway: %d %v", resp.StatusCode, err)
	}
	if resp.Header.Get("X-Call-Id") == "" {
		t.Error("the gateway set no X-Call-Id")
	}
}

func demoOrder(t testing.TB, user ...string) *order.Order {
	t.Helper()
	now := time.Now()
	userID := "u-1"
	if len(user) > 0 {
		userID = user[0]
	}
	o, err := order.New(order.Draft{ID: order.NewID(now), UserID: userID, StoreID: "s-lanzhou", StoreDay: "2026-11-21",
		Lines:       []order.Line{{SKU: "beef-noodle-soup", Name: "Beef noodles", Qty: 1, UnitPrice: 2800, Subtotal: 2800}},
		Amounts:     order.Amounts{Items: 2800, Total: 2800},
		Delivery:    order.Delivery{Name: "Li", Phone: "13800001234", Address: "1 Road"},
		PayDeadline: now.Add(15 * time.Minute)}, now)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func devToken(t *testing.T, dir string) string {
	t.Helper()
	return tokenFor(t, dir, auth.Principal{Subject: "u-1", Role: auth.RoleUser})
}

func verifyToken(t *testing.T, dir, token string) {
	t.Helper()
	secret, _ := secrets.Read(dir+"/secrets", secrets.JWTSecret)
	v, err := auth.NewVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify("Bearer "+token, time.Now()); err != nil {
		t.Fatalf("a token from before the restart: %v", err)
	}
}

type slowFunction struct{ started chan struct{} }

func (f slowFunction) Handle(handler.Request) (handler.Response, error) {
	close(f.started)
	time.Sleep(300 * time.Millisecond)
	return handler.Response{StatusCode: 200, Body: []byte("done")}, nil
}

// Closing lets a call in flight finish, and health answers 503 meanwhile.
func TestCloseDrainsCallsInFlight(t *testing.T) {
	r := startRunner(t, t.TempDir())
	fn := slowFunction{started: make(chan struct{})}
	r.gateway.Register("slow", fn)
	answered := make(chan int, 1)
	go func() {
		code, _ := get(t, r.URL()+"/function/slow")
		answered <- code
	}()
	<-fn.started
	if err := r.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code := <-answered; code != 200 {
		t.Fatalf("the call in flight answered %d", code)
	}
}

// The built-ins answer under /sandbox/ and the index lists them.
func TestBuiltInsAreServed(t *testing.T) {
	r := startRunner(t, t.TempDir())
	defer r.Close(context.Background())
	for _, path := range []string{"/sandbox/catalog/stores/s-lanzhou", "/sandbox/payments/calls",
		"/sandbox/push/notifications", "/metrics", "/"} {
		if code, body := get(t, r.URL()+path); code != 200 {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}
}

// ordersOf is the order repository the runner's functions work on.
func ordersOf(t testing.TB, r *Runner) *orderstore.Repository {
	t.Helper()
	repo, err := r.deps.Orders()
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// The runner serves every function folder of the repository.
func TestEveryFunctionFolderIsServed(t *testing.T) {
	dirs, err := os.ReadDir("../../../functions")
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, f := range functions() {
		served[f.name] = true
	}
	for _, dir := range dirs {
		if dir.IsDir() && !served[dir.Name()] {
			t.Errorf("functions/%s is not in the runner's list", dir.Name())
		}
	}
}
