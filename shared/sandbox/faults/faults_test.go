package faults_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/sandbox/faults"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
)

// testFaults is a sandbox's Faults with a counter of its own.
type testFaults struct {
	FailNext    int `json:"fail_next"`
	Status      int `json:"status"`
	TimeoutNext int `json:"timeout_next"`
	SlowNext    int `json:"slow_next"`
}

func (f *testFaults) Fields() faults.Fields {
	return faults.Fields{FailNext: &f.FailNext, Status: &f.Status, TimeoutNext: &f.TimeoutNext,
		Others: []faults.Counter{{Name: "slow_next", N: &f.SlowNext}}}
}

func newBoard(maxHang time.Duration) *faults.Board[testFaults, *testFaults] {
	return faults.New[testFaults]("the test sandbox", maxHang)
}

// call sends method with body to h and returns the answer.
func call(h http.HandlerFunc, method, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest(method, "/faults", strings.NewReader(body)))
	return rec
}

func TestHandlersMergeValidateAndClear(t *testing.T) {
	b := newBoard(0)
	if got := b.Get(); got != (testFaults{Status: 503}) {
		t.Fatalf("new board armed %+v", got)
	}
	call(b.HandleSet, "POST", `{"fail_next":1}`)
	rec := call(b.HandleSet, "POST", `{"slow_next":2,"status":429}`)
	var armed testFaults
	if err := json.Unmarshal(rec.Body.Bytes(), &armed); err != nil || armed != (testFaults{FailNext: 1, Status: 429, SlowNext: 2}) {
		t.Fatalf("merged: %d %s", rec.Code, rec.Body)
	}
	for _, body := range []string{`{"fail_next":-1}`, `{"slow_next":1000001}`, `{"status":200}`, `{"fail_now":1}`, `[]`,
		`{"timeout_next":"1"}`, `{"timeout_next":1,"status":600}`} {
		if rec := call(b.HandleSet, "POST", body); rec.Code != 400 || !strings.Contains(rec.Body.String(), `"invalid_request"`) {
			t.Fatalf("%s: %d %s", body, rec.Code, rec.Body)
		}
	}
	if got := b.Get(); got != armed {
		t.Fatalf("refused bodies changed %+v to %+v", armed, got)
	}
	if rec := call(b.HandleGet, "GET", ""); rec.Body.String() != `{"fail_next":1,"status":429,"timeout_next":0,"slow_next":2}`+"\n" {
		t.Fatalf("get: %s", rec.Body)
	}
	if rec := call(b.HandleClear, "DELETE", ""); rec.Code != 200 || b.Get() != (testFaults{Status: 503}) {
		t.Fatalf("clear: %d %s", rec.Code, rec.Body)
	}
}

func TestUseCountsDown(t *testing.T) {
	b := newBoard(0)
	b.Set(testFaults{SlowNext: 1})
	slow := func(f *testFaults) *int { return &f.SlowNext }
	if !b.Use(slow) || b.Use(slow) {
		t.Fatal("one slow_next was not used exactly once")
	}
}

func TestServeFailsBeforeCarryingOut(t *testing.T) {
	b := newBoard(0)
	b.Set(testFaults{FailNext: 2, Status: 503})
	j := journal.New(journal.Config{})
	carried := 0
	h := j.Record("x", func(w http.ResponseWriter, r *http.Request) {
		b.Serve(w, r, func() func(http.ResponseWriter) {
			carried++
			return func(w http.ResponseWriter) { w.WriteHeader(http.StatusCreated) }
		})
	})
	rec := call(h, "POST", "")
	if rec.Code != 503 || rec.Header().Get("Retry-After") != "1" || !strings.Contains(rec.Body.String(), "the test sandbox fails") {
		t.Fatalf("fail_next: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	b.Set(testFaults{FailNext: 1, Status: 500})
	if rec := call(h, "POST", ""); rec.Code != 500 || rec.Header().Get("Retry-After") != "" {
		t.Fatalf("fail_next with 500: %d %v", rec.Code, rec.Header())
	}
	if rec := call(h, "POST", ""); rec.Code != 201 || carried != 1 {
		t.Fatalf("after the faults: %d, carried out %d", rec.Code, carried)
	}
	if c := j.List(""); len(c) != 3 || c[0].Fault != faults.Fail || c[2].Fault != "" {
		t.Fatalf("recorded %+v", c)
	}
}

func TestServeTimeoutCarriesOutThenHangs(t *testing.T) {
	b := newBoard(20 * time.Millisecond)
	b.Set(testFaults{TimeoutNext: 2})
	carried := 0
	h := func(w http.ResponseWriter, r *http.Request) {
		b.Serve(w, r, func() func(http.ResponseWriter) {
			carried++
			return func(w http.ResponseWriter) { w.WriteHeader(http.StatusCreated) }
		})
	}
	rec := call(h, "POST", "")
	if rec.Code != http.StatusGatewayTimeout || !strings.Contains(rec.Body.String(), "timed out as told") || carried != 1 {
		t.Fatalf("after max hang: %d %s, carried out %d", rec.Code, rec.Body, carried)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec = httptest.NewRecorder()
	h(rec, httptest.NewRequest("POST", "/", nil).WithContext(ctx))
	if rec.Body.Len() != 0 || carried != 2 {
		t.Fatalf("caller gone: answered %q, carried out %d", rec.Body, carried)
	}
}
