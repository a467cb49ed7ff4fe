package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
)

// maxBody is the largest request body taken (contract section 4).
const maxBody = 64 << 10

// errorBody is the contract's error shape (section 4).
type errorBody struct {
	Error apiError `json:"error"`
}

// apiError is the inside of errorBody.
type apiError struct {
	Code    string    `json:"code"`
	Message string    `json:"message"`
	Details []problem `json:"details,omitempty"`
}

// problem is one detail of an invalid_request answer.
type problem struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// problems collects what is wrong with a request.
type problems []problem

// add notes that field has a problem.
func (ps *problems) add(field, text string) {
	*ps = append(*ps, problem{Field: field, Problem: text})
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers status with the contract's error shape.
func writeError(w http.ResponseWriter, status int, code, message string, details ...problem) {
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, errorBody{Error: apiError{Code: code, Message: message, Details: details}})
}

// writeInvalid answers 400 invalid_request listing the problems.
func writeInvalid(w http.ResponseWriter, ps problems) {
	writeError(w, http.StatusBadRequest, "invalid_request", "the request is invalid", ps...)
}

// decode reads exactly one JSON value from the request body into v,
// rejecting unknown fields. Its error is fit for the client: it describes
// the body, never the server.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeJSONError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("the body holds more than one JSON value")
	}
	return nil
}

// describeJSONError turns a decoding error into words for the client.
func describeJSONError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return errors.New("the body is empty")
	case errors.As(err, &syntax):
		return fmt.Errorf("the body is not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return errors.New("the body must be a JSON object")
	case errors.As(err, &typ):
		return fmt.Errorf("field %q must be %s", typ.Field, jsonKind(typ.Type))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Errorf("unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	default:
		return errors.New("the body is not valid JSON")
	}
}

// jsonKind names the JSON kind that decodes into t, without naming Go
// types.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	default:
		return "an object"
	}
}

// rawJSON returns b as it is when it is JSON, else as a JSON string, so
// that any body can sit inside a recorded call.
func rawJSON(b []byte) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	if json.Valid(b) {
		return json.RawMessage(b)
	}
	s, _ := json.Marshal(string(b))
	return s
}
