package idempotency_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/sandbox/idempotency"
)

type body struct {
	ID       string `json:"id"`
	Currency string `json:"currency"`
}

func (b *body) validate() httpapi.Details {
	var ps httpapi.Details
	if b.ID == "" {
		ps.Add("id", "required")
	}
	if b.Currency == "" {
		b.Currency = "CNY"
	}
	return ps
}

func TestReadListsEveryProblem(t *testing.T) {
	tests := []struct {
		key, body string
		fields    string
	}{
		{"k-1", `{"id":"a"}`, ""},
		{"", `{"id":"a"}`, "Idempotency-Key"},
		{"has space", `{}`, "Idempotency-Key,id"},
		{strings.Repeat("k", 256), `{"id":1}`, "Idempotency-Key,body"},
		{"k-1", `{"id":"a","x":1}`, "body"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
		r.Header.Set(idempotency.Header, tt.key)
		key, b, ps := idempotency.Read(r, (*body).validate)
		var fields []string
		for _, p := range ps {
			fields = append(fields, p.Field)
		}
		if key != tt.key || strings.Join(fields, ",") != tt.fields || (tt.fields == "" && b.Currency != "CNY") {
			t.Errorf("%q %s: key %q, body %+v, problems %+v", tt.key, tt.body, key, b, ps)
		}
	}
}

func TestAnswers(t *testing.T) {
	rec := httptest.NewRecorder()
	idempotency.KeyReused(rec)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"idempotency_key_reused"`) {
		t.Fatalf("key reused: %d %s", rec.Code, rec.Body)
	}
	for _, replayed := range []bool{false, true} {
		rec := httptest.NewRecorder()
		idempotency.Answer(rec, 202, map[string]string{"status": "accepted"}, replayed)
		if rec.Code != 202 || rec.Body.String() != `{"status":"accepted"}`+"\n" || (rec.Header().Get("Idempotent-Replayed") == "true") != replayed {
			t.Fatalf("replayed %v: %d %v %s", replayed, rec.Code, rec.Header(), rec.Body)
		}
	}
}
