package sandbox_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ordercenter/ordercenter/shared/push/sandbox"
	"github.com/ordercenter/ordercenter/shared/sandbox/sandboxtest"
)

func TestPushIsDeliveredOnce(t *testing.T) {
	f := newFixture(t, nil)
	body := pushBody("n-1", "user", "u-1", "o-1")
	first := f.push(t, "n-1", body)
	if first.Status != http.StatusAccepted || string(first.Body) != `{"notification_id":"n-1","status":"accepted"}`+"\n" {
		t.Fatalf("first push: %d %s", first.Status, first.Body)
	}
	again := f.push(t, "n-1", body)
	if again.Status != http.StatusAccepted || string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("duplicate: %d %v %s", again.Status, again.Header, again.Body)
	}
	if a := f.push(t, "n-1", pushBody("n-1", "user", "u-2", "o-1")); a.Status != http.StatusUnprocessableEntity || a.ErrorCode(t) != "idempotency_key_reused" {
		t.Fatalf("same key, other body: %d %s", a.Status, a.Body)
	}
	if a := f.push(t, "n-1-b", body); a.Status != http.StatusConflict || a.ErrorCode(t) != "conflict" {
		t.Fatalf("same notification, other key: %d %s", a.Status, a.Body)
	}
	var got []sandbox.Notification
	f.Do(t, "GET", "/notifications?recipient=user:u-1", "").DecodeInto(t, &got)
	if len(got) != 1 || got[0].NotificationID != "n-1" || got[0].Duplicates != 1 || got[0].IdempotencyKey != "n-1" ||
		got[0].Data.Event != "order.paid" || got[0].ReceivedAt.IsZero() {
		t.Fatalf("notifications %+v", got)
	}
	calls := f.g.Calls()
	if len(calls) != 4 || calls[0].Duplicate || !calls[1].Duplicate || calls[1].Status != 202 {
		t.Fatalf("calls %+v", calls)
	}
}

func TestPushConcurrentRetriesDeliverOnce(t *testing.T) {
	f := newFixture(t, nil)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if a := f.push(t, "n-race", pushBody("n-race", "merchant", "s-1", "o-1")); a.Status != http.StatusAccepted {
				t.Errorf("push: %d %s", a.Status, a.Body)
			}
		})
	}
	wg.Wait()
	got := f.g.Notifications("merchant:s-1", "")
	if len(got) != 1 || got[0].Duplicates != 15 {
		t.Fatalf("notifications %+v", got)
	}
}

func TestPushRejectsBadRequests(t *testing.T) {
	f := newFixture(t, nil)
	good := pushBody("n-1", "user", "u-1", "o-1")
	tests := []struct {
		name, key, body string
		status          int
		code            string
	}{
		{"missing key", "", good, 400, "invalid_request"},
		{"bad kind", "k", pushBody("n-1", "admin", "u-1", "o-1"), 400, "invalid_request"},
		{"no recipient id", "k", pushBody("n-1", "user", "", "o-1"), 400, "invalid_request"},
		{"no notification id", "k", pushBody("", "user", "u-1", "o-1"), 400, "invalid_request"},
		{"no order", "k", pushBody("n-1", "user", "u-1", ""), 400, "invalid_request"},
		{"unknown field", "k", strings.Replace(good, `"title"`, `"sound":"x","title"`, 1), 400, "invalid_request"},
		{"unknown nested field", "k", strings.Replace(good, `"kind"`, `"app":"x","kind"`, 1), 400, "invalid_request"},
		{"not JSON", "k", `{`, 400, "invalid_request"},
		{"too big", "k", `{"title":"` + strings.Repeat("x", 65<<10) + `"}`, 400, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a sandboxtest.Answer
			if tt.key == "" {
				a = f.Do(t, "POST", "/push", tt.body)
			} else {
				a = f.push(t, tt.key, tt.body)
			}
			if a.Status != tt.status || a.ErrorCode(t) != tt.code {
				t.Fatalf("%d %s, want %d %s", a.Status, a.Body, tt.status, tt.code)
			}
		})
	}
	if n := f.g.Notifications("", ""); len(n) != 0 {
		t.Fatalf("bad pushes delivered: %+v", n)
	}
	for path, want := range map[string]int{"/push": 405, "/nothing": 404, "/notifications?recipient=user": 400,
		"/notifications?recipient=admin:1": 400} {
		if a := f.Do(t, "GET", path, ""); a.Status != want {
			t.Fatalf("GET %s: %d %s, want %d", path, a.Status, a.Body, want)
		}
	}
}

func TestNotificationsFilter(t *testing.T) {
	f := newFixture(t, nil)
	f.push(t, "a", pushBody("a", "user", "u-1", "o-1"))
	f.push(t, "b", pushBody("b", "merchant", "s-1", "o-1"))
	f.push(t, "c", pushBody("c", "user", "u-1", "o-2"))
	f.push(t, "d", pushBody("d", "rider", "u-1", "o-2"))
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"a", "b", "c", "d"}},
		{"?recipient=user:u-1", []string{"a", "c"}},
		{"?recipient=merchant:s-1", []string{"b"}},
		{"?recipient=user:u-1&order_id=o-2", []string{"c"}},
		{"?order_id=o-2", []string{"c", "d"}},
		{"?recipient=user:nobody", nil},
	}
	for _, tt := range tests {
		var got []sandbox.Notification
		f.Do(t, "GET", "/notifications"+tt.query, "").DecodeInto(t, &got)
		ids := []string{}
		for _, n := range got {
			ids = append(ids, n.NotificationID)
		}
		if strings.Join(ids, ",") != strings.Join(tt.want, ",") {
			t.Fatalf("%s: %v, want %v", tt.query, ids, tt.want)
		}
	}
}
