// Package httpapi holds the HTTP conventions every function keeps
// (contract section 4): JSON bodies of bounded size with unknown fields
// refused, errors in one shape with codes mapped to statuses in one place,
// and the subpath below the function's name.
package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// MaxBodyBytes is the largest request body a function accepts.
const MaxBodyBytes = 64 * 1024

// PathHeader carries the path below /function/<name> to the function: the
// runner's gateway sets it, and so does the project's OpenFaaS template
// from the path the of-watchdog forwards.
const PathHeader = "X-Function-Path"

// Subpath is the request's path below the function's name, "/" at least.
func Subpath(req handler.Request) string {
	p := req.Header.Get(PathHeader)
	if !strings.HasPrefix(p, "/") {
		return "/" + p
	}
	return p
}

// DecodeJSON reads a JSON body into v: at most MaxBodyBytes, unknown fields
// and trailing data refused. Its errors are Problems fit for the client.
func DecodeJSON(req handler.Request, v any) error {
	if len(req.Body) > MaxBodyBytes {
		return Invalid("body", fmt.Sprintf("larger than %d bytes", MaxBodyBytes))
	}
	if ct := req.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return Invalid("Content-Type", "must be application/json")
	}
	dec := json.NewDecoder(bytes.NewReader(req.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Invalid("body", describeJSONError(err))
	}
	if dec.More() {
		return Invalid("body", "more than one JSON value")
	}
	return nil
}

func describeJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case asError(err, &typeErr):
		return fmt.Sprintf("field %q must be %s", typeErr.Field, typeErr.Type)
	case asError(err, &syntaxErr):
		return fmt.Sprintf("malformed JSON at byte %d", syntaxErr.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	default:
		return "malformed JSON"
	}
}

// JSON answers status with v as the body.
func JSON(status int, v any) handler.Response {
	body, err := json.Marshal(v)
	if err != nil {
		return Error(err)
	}
	return handler.Response{StatusCode: status, Body: body, Header: jsonHeader()}
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": []string{"application/json"}}
}
