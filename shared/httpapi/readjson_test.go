package httpapi

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestReadJSONMessagesNameNoGoTypes checks that decoding errors speak of
// JSON, never of the server's Go types.
func TestReadJSONMessagesNameNoGoTypes(t *testing.T) {
	type refundRequest struct {
		RefundID string `json:"refund_id"`
		Amount   int64  `json:"amount"`
	}
	tests := []struct{ body, want string }{
		{``, "the body is empty"},
		{`[]`, "the body must be a JSON object"},
		{`{"amount":"1"}`, `field "amount" must be an integer`},
		{`{"refund_id":1}`, `field "refund_id" must be a string`},
		{`{"amount":1.5}`, `field "amount" must be an integer`},
		{`{"x":1}`, `unknown field "x"`},
		{`{"amount":1`, "the body is not valid JSON"},
		{`{} {}`, "the body holds more than one JSON value"},
	}
	for _, tt := range tests {
		var req refundRequest
		err := ReadJSON(strings.NewReader(tt.body), &req)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "httpapi.") {
			t.Errorf("ReadJSON(%s) = %v, want %q", tt.body, err, tt.want)
		}
	}
	var req refundRequest
	if err := ReadJSON(strings.NewReader(` {"refund_id":"rf-1","amount":2} `), &req); err != nil || req.Amount != 2 {
		t.Fatalf("good body: %v %+v", err, req)
	}
}

// FuzzReadJSON feeds arbitrary bodies to ReadJSON: it never panics, and
// what it accepts is one JSON value, and what it refuses it says why.
func FuzzReadJSON(f *testing.F) {
	for _, seed := range []string{`{"name":"a","qty":2}`, `{"qty":"two"}`, `{} {}`, `[]`, ``, `{"name":`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var v struct {
			Name string `json:"name"`
			Qty  int    `json:"qty"`
		}
		err := ReadJSON(strings.NewReader(body), &v)
		if err == nil && !json.Valid([]byte(body)) {
			t.Fatalf("accepted %q, which is not one JSON value", body)
		}
		if err != nil && err.Error() == "" {
			t.Fatalf("no words for what is wrong with %q", body)
		}
	})
}
