// Package httpapi is the HTTP edge every function shares (contract
// section 4), built once:
//
//   - Server and Invoker: the one net/http to handler.Request adapter (the
//     runner's gateway and the deployed template serve through it):
//     bodies bounded (413 before reading a declared oversized body), the
//     subpath in PathHeader, a call id, the caller's trace continued, a
//     time limit, panics answered 500;
//   - Endpoint: the preamble of a function's entry (method, bearer token,
//     role, JSON body type, a body of valid UTF-8, deadline) before its
//     use case runs;
//   - Match and CheckID: subpath routes whose ids are checked as UTF-8 and
//     bounded (400, never a store lookup);
//   - DecodeJSON: one JSON value, unknown fields refused, the field at
//     fault named;
//   - Problem, Error(ctx, err) and Code.Status: errors in one shape, codes
//     mapped to statuses in one place, internal errors logged with the
//     call's trace id and never sent;
//   - Authenticator: the caller's JWT as an order actor.
package httpapi

import (
	"context"
	"encoding/json"
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

// JSON answers status with v as the body.
func JSON(status int, v any) handler.Response {
	body, err := json.Marshal(v)
	if err != nil {
		return Error(context.Background(), err)
	}
	return handler.Response{StatusCode: status, Body: body, Header: jsonHeader()}
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": []string{"application/json"}}
}
