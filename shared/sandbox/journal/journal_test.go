package journal_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
)

func TestJournalKeepsTheLastAndNumbersAcrossClears(t *testing.T) {
	j := journal.New(journal.Config{Max: 2})
	if got := j.List(""); got == nil || len(got) != 0 {
		t.Fatalf("empty journal lists %#v", got)
	}
	for _, kind := range []string{"a", "b", "a"} {
		j.Add(journal.Call{Kind: kind})
	}
	if got := j.List(""); len(got) != 2 || got[0].Seq != 2 || got[1].Seq != 3 {
		t.Fatalf("kept %+v", got)
	}
	if got := j.List("a"); len(got) != 1 || got[0].Seq != 3 {
		t.Fatalf("kind a: %+v", got)
	}
	j.Clear()
	j.Add(journal.Call{Kind: "c"})
	if got := j.List(""); len(got) != 1 || got[0].Seq != 4 {
		t.Fatalf("after clear: %+v", got)
	}
}

func TestRecordKeepsCallAndAnswer(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	j := journal.New(journal.Config{Now: func() time.Time { return at }, Directions: true})
	h := j.Record("echo", func(w http.ResponseWriter, r *http.Request) {
		journal.Note(r.Context()).Fault = "fail"
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte("not json"))
	})
	req := httptest.NewRequest("POST", "/echo?x=1", strings.NewReader(`{"a":1}`))
	req.Header.Set("Idempotency-Key", "k-1")
	h(httptest.NewRecorder(), req)
	want := journal.Call{Seq: 1, At: at, Kind: "echo", Direction: journal.Received, Method: "POST", Path: "/echo?x=1",
		IdempotencyKey: "k-1", Body: json.RawMessage(`{"a":1}`), Status: 418, Response: json.RawMessage(`"not json"`), Fault: "fail"}
	got := j.List("")
	if len(got) != 1 {
		t.Fatalf("calls %+v", got)
	}
	gotJSON, _ := json.Marshal(got[0])
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Fatalf("recorded %s, want %s", gotJSON, wantJSON)
	}
	if journal.Note(req.Context()) == nil {
		t.Fatal("Note outside a recorded call returned nil")
	}
}

func TestRecordRefusesBigBodiesAndSkipsEmptyKinds(t *testing.T) {
	j := journal.New(journal.Config{})
	called := false
	h := j.Record("", func(w http.ResponseWriter, r *http.Request) { called = true })
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 65<<10))))
	if called || rec.Code != 400 || !strings.Contains(rec.Body.String(), `"invalid_request"`) {
		t.Fatalf("big body: called %v, answered %d %s", called, rec.Code, rec.Body)
	}
	h(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if !called || len(j.List("")) != 0 {
		t.Fatalf("called %v, recorded %+v", called, j.List(""))
	}
}

func TestHandleListAndClear(t *testing.T) {
	j := journal.New(journal.Config{})
	j.Add(journal.Call{Kind: "a"})
	j.Add(journal.Call{Kind: "b"})
	rec := httptest.NewRecorder()
	j.HandleList(rec, httptest.NewRequest("GET", "/calls?kind=b", nil))
	var calls []journal.Call
	if err := json.Unmarshal(rec.Body.Bytes(), &calls); err != nil || len(calls) != 1 || calls[0].Seq != 2 {
		t.Fatalf("listed %s (%v)", rec.Body, err)
	}
	rec = httptest.NewRecorder()
	j.HandleClear(rec, httptest.NewRequest("DELETE", "/calls", nil))
	if rec.Code != 204 || len(j.List("")) != 0 {
		t.Fatalf("clear answered %d, left %+v", rec.Code, j.List(""))
	}
}

func TestRawJSON(t *testing.T) {
	for in, want := range map[string]string{"": "", `{"a":1}`: `{"a":1}`, "plain": `"plain"`} {
		if got := string(journal.RawJSON([]byte(in))); got != want {
			t.Errorf("RawJSON(%q) = %s, want %s", in, got, want)
		}
	}
}
