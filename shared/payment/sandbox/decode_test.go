package sandbox

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDecodeMessagesNameNoGoTypes checks that decoding errors speak of
// JSON, never of the server's Go types.
func TestDecodeMessagesNameNoGoTypes(t *testing.T) {
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
		err := decode(httptest.NewRequest("POST", "/", strings.NewReader(tt.body)), &req)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "sandbox.") {
			t.Errorf("decode(%s) = %v, want %q", tt.body, err, tt.want)
		}
	}
}
