package httpapitest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// HostileID is an id a hostile client sends where a function expects
// one (contract section 4: no such id answers 5xx).
type HostileID struct {
	// Name names the case in subtests.
	Name string
	// ID is the id as sent: raw bytes in a path, spliced into a JSON
	// body by JSONString.
	ID string
}

// Malformed reports whether the id is one the contract refuses wherever
// it stands (400, never looked up): not valid UTF-8, or longer than
// maxLen, the documented maximum of its position (httpapi.MaxIDLen for
// most; 128 for event ids and the payment provider's ids).
func (h HostileID) Malformed(maxLen int) bool {
	return !utf8.ValidString(h.ID) || len(h.ID) > maxLen
}

// HostileIDs are the ids every function is tested with: not valid UTF-8,
// 5,000 characters, one byte too long, empty, control characters, and
// what a path-walking client tries ("/", "%2F", "..").
func HostileIDs() []HostileID {
	return []HostileID{
		{Name: "not UTF-8", ID: "\xff\xfe"},
		{Name: "not UTF-8 after a prefix", ID: "o-1\xc3\x28"},
		{Name: "5000 characters", ID: strings.Repeat("a", 5000)},
		{Name: "5000 wide characters", ID: strings.Repeat("界", 5000)},
		{Name: "65 bytes", ID: strings.Repeat("b", 65)},
		{Name: "empty", ID: ""},
		{Name: "control characters", ID: "o-\x00\x01\x1f\x7f\n"},
		{Name: "slash", ID: "a/b"},
		{Name: "encoded slash", ID: "a%2Fb"},
		{Name: "dot dot", ID: ".."},
		{Name: "dot dot slash", ID: "../../etc/passwd"},
	}
}

// JSONString is id as a JSON string the way a hostile client writes it:
// escaped when it is valid UTF-8 (control characters as \u escapes), its
// raw bytes between quotes when it is not, since encoding/json would turn
// them into U+FFFD.
func JSONString(id string) string {
	if !utf8.ValidString(id) {
		return `"` + id + `"`
	}
	b, _ := json.Marshal(id)
	return string(b)
}

// CheckRefused fails t unless resp refuses the hostile id, sent where
// ids are at most maxLen bytes: 400 invalid_request, or, when the id is
// not Malformed there, one of the statuses also (404 for an id that
// names nothing, 200 for an event consumer with nothing to do). A 5xx,
// or a 4xx without the contract's error body, always fails.
func CheckRefused(t testing.TB, resp handler.Response, h HostileID, maxLen int, also ...int) {
	t.Helper()
	status := resp.StatusCode
	switch {
	case status >= 500 || status == 0:
		t.Errorf("%s: answered %d %.300s", h.Name, status, resp.Body)
		return
	case status == http.StatusBadRequest:
		if ErrorCode(resp) != "invalid_request" {
			t.Errorf("%s: 400 with body %.300s", h.Name, resp.Body)
		}
		return
	}
	ok := !h.Malformed(maxLen) && slices.Contains(also, status)
	if !ok {
		t.Errorf("%s: answered %d %.300s, want 400 invalid_request (or one of %v for a well-formed id)",
			h.Name, status, resp.Body, also)
		return
	}
	if status >= 400 && ErrorCode(resp) == "" {
		t.Errorf("%s: %d without the contract's error body: %.300s", h.Name, status, resp.Body)
	}
}
