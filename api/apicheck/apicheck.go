// Package apicheck checks real HTTP answers against an OpenAPI document
// (the order center's api/openapi.yaml) with libopenapi-validator, in
// strict mode: Wrap puts a Checker in front of a handler, and every
// request and answer that passes is validated. An answer with a status,
// a field, a header or an error code the document does not list is a
// problem; so is a request the document would refuse, unless the caller
// marks it as meant to be refused (RequestHeader), and then a request the
// document would accept. Unanswered lists the (operation, status, code)
// triples the document lists that no answer had, so that a test can fail
// on what it never drove.
//
// Two rules cover what an OpenAPI document does not list (the
// document's introduction states them): a method a documented path does
// not list must answer 405 method_not_allowed with an Allow header naming
// exactly the documented methods; a path below /function/ that the
// document does not list must answer 404 not_found.
package apicheck

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// RequestHeader marks a request whose validity against the document is
// not to be required; the Checker removes it before anything sees the
// request.
const RequestHeader = "X-Apicheck-Request"

// Values of RequestHeader.
const (
	// RequestInvalid: the request is meant to break the document (bad
	// JSON, an unknown field, no token): the document must refuse it.
	RequestInvalid = "invalid"
	// RequestUnchecked: whether the document accepts the request is not
	// the point (an oversized body sent to every operation).
	RequestUnchecked = "unchecked"
)

// Answer names what one answer was: the operation (its operationId),
// the status as the document keys it ("200"), and the error code of an
// error body ("" for other bodies).
type Answer struct {
	Operation string
	Status    string
	Code      string
}

func (a Answer) String() string {
	if a.Code == "" {
		return a.Operation + " " + a.Status
	}
	return a.Operation + " " + a.Status + " " + a.Code
}

// Checker validates exchanges against one document. It is safe for
// concurrent use.
type Checker struct {
	doc        *v3.Document
	validator  validator.Validator
	skip       []string
	documented map[Answer]bool

	mu       sync.Mutex
	answered map[Answer]int
	problems []string
}

// New reads the OpenAPI document spec; requests whose path starts with
// one of skip (the runner's sandboxes) pass unchecked. It fails when the
// document does not parse or does not build.
func New(spec []byte, skip ...string) (*Checker, error) {
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		return nil, fmt.Errorf("apicheck: %w", err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("apicheck: %w", err)
	}
	v := validator.NewValidatorFromV3Model(&model.Model, config.WithStrictMode(), config.WithFormatAssertions())
	return &Checker{doc: &model.Model, validator: v, skip: skip, documented: documentedAnswers(&model.Model),
		answered: map[Answer]int{}}, nil
}

// Problems lists what was wrong, in the order it was found.
func (c *Checker) Problems() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.problems...)
}

// Answered lists each answer seen and how often.
func (c *Checker) Answered() map[Answer]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[Answer]int, len(c.answered))
	for a, n := range c.answered {
		out[a] = n
	}
	return out
}

func (c *Checker) problem(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *Checker) note(a Answer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answered[a]++
}

func (c *Checker) skipped(path string) bool {
	for _, prefix := range c.skip {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// exchange is one request and its answer, as Wrap saw them.
type exchange struct {
	req    *http.Request // its Body reads the request's bytes
	body   []byte
	expect string // the RequestHeader value
	status int
	header http.Header
	answer []byte
}

func (e exchange) String() string {
	return fmt.Sprintf("%s %s -> %d %s", e.req.Method, e.req.URL.RequestURI(), e.status, clip(e.answer, 300))
}

func clip(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}
