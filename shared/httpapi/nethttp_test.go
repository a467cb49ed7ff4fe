package httpapi

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestWriteJSONEndsWithNewline(t *testing.T) {
	rec := httptest.NewRecorder()
	WriteJSON(rec, http.StatusAccepted, map[string]string{"status": "accepted"})
	if rec.Code != 202 || rec.Body.String() != `{"status":"accepted"}`+"\n" || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("answered %d %v %q", rec.Code, rec.Header(), rec.Body)
	}
	rec = httptest.NewRecorder()
	WriteJSON(rec, http.StatusOK, func() {})
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"internal"`) {
		t.Fatalf("unencodable value answered %d %q", rec.Code, rec.Body)
	}
}

func TestWriteErrorAnswersAsError(t *testing.T) {
	tests := []struct {
		err    error
		status int
		body   string
		retry  string
	}{
		{errors.New("dial tcp: secret detail"), 500, `{"error":{"code":"internal","message":"internal error"}}`, ""},
		{&Problem{Code: CodeNotFound, Message: "no such refund"}, 404, `{"error":{"code":"not_found","message":"no such refund"}}`, ""},
		{&Problem{Code: CodeRateLimited, Message: "slow down", RetryAfter: time.Second}, 429,
			`{"error":{"code":"rate_limited","message":"slow down"}}`, "1"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		WriteError(rec, tt.err)
		if rec.Code != tt.status || rec.Body.String() != tt.body+"\n" || rec.Header().Get("Retry-After") != tt.retry {
			t.Errorf("%v: answered %d %v %q", tt.err, rec.Code, rec.Header(), rec.Body)
		}
	}
}

func TestWriteProblemTakesTheStatusGiven(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Allow", "GET")
	WriteProblem(rec, http.StatusMethodNotAllowed, &Problem{Code: "method_not_allowed", Message: "use GET"})
	if rec.Code != 405 || rec.Header().Get("Allow") != "GET" || rec.Header().Get("Content-Type") != "application/json" ||
		rec.Body.String() != `{"error":{"code":"method_not_allowed","message":"use GET"}}`+"\n" {
		t.Fatalf("answered %d %v %q", rec.Code, rec.Header(), rec.Body)
	}
}

func TestDetailsInvalidListsEveryField(t *testing.T) {
	var ps Details
	ps.Add("amount", "must be positive")
	ps.Add("currency", "must be an ISO 4217 code")
	rec := httptest.NewRecorder()
	WriteError(rec, ps.Invalid())
	want := `{"error":{"code":"invalid_request","message":"the request is invalid","details":[` +
		`{"field":"amount","problem":"must be positive"},{"field":"currency","problem":"must be an ISO 4217 code"}]}}`
	if rec.Code != 400 || rec.Body.String() != want+"\n" {
		t.Fatalf("answered %d %q", rec.Code, rec.Body)
	}
}
