package platform

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

func TestLazyRetriesAFailedBuild(t *testing.T) {
	calls := 0
	l := NewLazy(func(context.Context) (int, error) {
		calls++
		if calls == 1 {
			return 0, errors.New("down")
		}
		return 42, nil
	})
	if _, err := l.Get(context.Background()); err == nil {
		t.Fatal("first build should fail")
	}
	for range 3 {
		if v, err := l.Get(context.Background()); err != nil || v != 42 {
			t.Fatalf("got %d, %v", v, err)
		}
	}
	if calls != 2 {
		t.Errorf("built %d times, want 2", calls)
	}
}

func TestStoreFromEnvironment(t *testing.T) {
	env := map[string]string{"DYNAMODB_ENDPOINT": "http://127.0.0.1:1"}
	if _, err := Store(func(k string) string { return env[k] }); err != nil {
		t.Fatalf("store: %v", err)
	}
	env["DYNAMODB_TABLE"] = "x" // too short for DynamoDB
	if _, err := Store(func(k string) string { return env[k] }); err == nil {
		t.Fatal("a table name DynamoDB refuses was accepted")
	}
}

func TestOrdersFromEnvironment(t *testing.T) {
	env := map[string]string{"DYNAMODB_ENDPOINT": "http://127.0.0.1:1"}
	getenv := func(k string) string { return env[k] }
	repo, store, err := Orders("test", getenv, slog.Default())
	if err != nil || repo == nil || store == nil {
		t.Fatalf("without NATS: %v, %v, %v", repo, store, err)
	}
	env["NATS_URL"] = eventstest.Start(t).URL()
	if repo, store, err = Orders("test", getenv, slog.Default()); err != nil || repo == nil || store == nil {
		t.Fatalf("with NATS: %v, %v, %v", repo, store, err)
	}
	env["NATS_URL"] = "nats://a b"
	if _, _, err := Orders("test", getenv, slog.Default()); err == nil {
		t.Fatal("a malformed NATS_URL was accepted")
	}
	env["DYNAMODB_TABLE"] = "x"
	if _, _, err := Orders("test", getenv, slog.Default()); err == nil {
		t.Fatal("a table name DynamoDB refuses was accepted")
	}
}

type answer int

func (a answer) Handle(handler.Request) (handler.Response, error) {
	return handler.Response{StatusCode: int(a)}, nil
}

func TestServeAnswers503UntilWired(t *testing.T) {
	wired := false
	lazy := NewLazy(func(context.Context) (answer, error) {
		if !wired {
			return 0, errors.New("down")
		}
		return answer(http.StatusTeapot), nil
	})
	resp, err := Serve(lazy, handler.Request{}, "starting", 2*time.Second)
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "2" ||
		!strings.Contains(string(resp.Body), `"message":"starting"`) {
		t.Fatalf("not wired: %d %v %s, %v", resp.StatusCode, resp.Header, resp.Body, err)
	}
	wired = true
	if resp, err := Serve(lazy, handler.Request{}, "starting", 2*time.Second); err != nil || resp.StatusCode != http.StatusTeapot {
		t.Fatalf("wired: %d, %v", resp.StatusCode, err)
	}
}

func TestDuration(t *testing.T) {
	env := map[string]string{"SET": "3s", "BAD": "soon"}
	getenv := func(k string) string { return env[k] }
	d := time.Minute
	if err := Duration(getenv, "UNSET", &d); err != nil || d != time.Minute {
		t.Fatalf("unset: %s, %v", d, err)
	}
	if err := Duration(getenv, "SET", &d); err != nil || d != 3*time.Second {
		t.Fatalf("set: %s, %v", d, err)
	}
	if err := Duration(getenv, "BAD", &d); err == nil || !strings.Contains(err.Error(), `BAD "soon"`) {
		t.Fatalf("malformed: %v", err)
	}
}

func TestLazyOnOrdersWiresOverTheEnvironment(t *testing.T) {
	t.Setenv("DYNAMODB_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("NATS_URL", "")
	lazy := LazyOnOrders("test", func(repo *orderstore.Repository) (bool, error) { return repo != nil, nil })
	if got, err := lazy.Get(context.Background()); err != nil || !got {
		t.Fatalf("got %v, %v", got, err)
	}
	t.Setenv("DYNAMODB_TABLE", "x")
	failing := LazyOnOrders("test", func(*orderstore.Repository) (bool, error) { return true, nil })
	if _, err := failing.Get(context.Background()); err == nil {
		t.Fatal("wired over a store the environment names wrongly")
	}
}

func TestTransactionsSwitch(t *testing.T) {
	env := map[string]string{"DYNAMODB_ENDPOINT": "http://127.0.0.1:1", "DYNAMODB_TRANSACTIONS": "true"}
	s, err := Store(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if tx, ok := s.(kv.Transactor); !ok || !tx.Transactional() {
		t.Error("DYNAMODB_TRANSACTIONS=true gave a store without transactions")
	}
	env["DYNAMODB_TRANSACTIONS"] = "maybe"
	if _, err := Store(func(k string) string { return env[k] }); err == nil {
		t.Error("a wrong DYNAMODB_TRANSACTIONS was accepted")
	}
}
