package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/events"
	"github.com/ordercenter/ordercenter/shared/events/eventstest"
	"github.com/ordercenter/ordercenter/shared/order"
	"github.com/ordercenter/ordercenter/shared/origin"
)

// The connector discovers the gateway's functions, delivers a signed
// event to its subscriber, triggers the scheduled one with a signed call,
// and returns when its context ends (SIGTERM).
func TestConnectorProcess(t *testing.T) {
	srv := eventstest.Start(t)
	secrets := t.TempDir()
	key := strings.Repeat("ab", 32)
	if err := os.WriteFile(filepath.Join(secrets, "event-signing-secret"), []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	keys, err := origin.FileKeys(secrets, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	eventsOK, scheduleOK := origin.Events(keys, time.Now), origin.Schedule(keys, time.Now)
	called := make(chan string, 10)
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req := handler.Request{Header: r.Header, Body: body}
		switch r.URL.Path {
		case "/system/functions":
			_ = json.NewEncoder(w).Encode([]map[string]any{
				{"name": "listener", "annotations": map[string]string{"topic": "orders.events.order.paid"}},
				{"name": "tick", "annotations": map[string]string{"topic": "cron-function", "schedule": "@every 1s"}},
			})
		case "/function/listener":
			if eventsOK.Verify(req) == nil {
				called <- "listener " + r.Header.Get(events.TopicHeader)
			}
		case "/function/tick":
			if scheduleOK.Verify(req) == nil {
				called <- "tick"
			}
		}
	}))
	defer gw.Close()
	env := map[string]string{"NATS_URL": srv.URL(), "GATEWAY_URL": gw.URL, "SECRETS_DIR": secrets}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, func(k string) string { return env[k] }, slog.New(slog.DiscardHandler)) }()

	pub, _ := events.NewPublisher(srv.Connect(), origin.NewSigner(keys, time.Now))
	e := order.Event{EventID: "e-1", Type: order.EventPaid, OrderID: "o-1", OrderVersion: 2, OccurredAt: time.Now()}
	if err := pub.Publish(context.Background(), []order.Event{e}); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"listener orders.events.order.paid": true, "tick": true}
	for timeout := time.After(20 * time.Second); len(want) > 0; {
		select {
		case c := <-called:
			delete(want, c)
		case <-timeout:
			t.Fatalf("not called: %v", want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}
