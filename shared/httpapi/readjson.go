package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// DecodeJSON reads a function's JSON body into v: at most MaxBodyBytes,
// Content-Type application/json when given, exactly one value, unknown
// fields refused. Its error is a 400 Problem naming the field at fault (a
// field of the wrong type or unknown, such as a client-sent "price"), or
// "body".
func DecodeJSON(req handler.Request, v any) error {
	if len(req.Body) > MaxBodyBytes {
		return Invalid("body", fmt.Sprintf("larger than %d bytes", MaxBodyBytes))
	}
	if ct := req.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return Invalid("Content-Type", "must be application/json")
	}
	if bad := decodeStrict(bytes.NewReader(req.Body), v); bad != nil {
		return Invalid(bad.field, bad.problem)
	}
	return nil
}

// ReadJSON reads exactly one JSON value from body into v, unknown fields
// refused: the io.Reader counterpart of DecodeJSON for handlers served by
// net/http (the sandboxes). It neither bounds body (wrap it in
// http.MaxBytesReader with MaxBodyBytes, or read it whole first) nor checks
// the Content-Type. Its error describes the body in words fit for the
// client, never the server's Go types (`field "amount" must be an
// integer`): answer it as the problem of field "body", for instance with
// Details{{Field: "body", Problem: err.Error()}}.Invalid().
func ReadJSON(body io.Reader, v any) error {
	if bad := decodeStrict(body, v); bad != nil {
		return errors.New(bad.sentence)
	}
	return nil
}

// badJSON says what is wrong with a body: the field at fault ("body" when
// it is the whole), the problem of that field, and the same as a sentence.
type badJSON struct{ field, problem, sentence string }

// decodeStrict decodes one JSON value, unknown fields refused.
func decodeStrict(body io.Reader, v any) *badJSON {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeBody(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return whole("holds more than one JSON value")
	}
	return nil
}

func whole(problem string) *badJSON {
	return &badJSON{field: "body", problem: problem, sentence: "the body " + problem}
}

// describeBody turns a decoding error into words for the client.
func describeBody(err error) *badJSON {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return whole("is empty")
	case errors.As(err, &syntax):
		return whole(fmt.Sprintf("is not valid JSON (at byte %d)", syntax.Offset))
	case errors.As(err, &typ) && typ.Field == "":
		return whole("must be a JSON object")
	case errors.As(err, &typ):
		problem := "must be " + jsonKind(typ.Type)
		return &badJSON{field: typ.Field, problem: problem, sentence: fmt.Sprintf("field %q %s", typ.Field, problem)}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &badJSON{field: strings.Trim(name, `"`), problem: "unknown field", sentence: "unknown field " + name}
	}
	return whole("is not valid JSON")
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
