package apicheck

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
)

// Wrap returns next with every exchange checked: the request is read
// whole and handed on unchanged (RequestHeader removed), the answer is
// recorded, passed on to the client, then checked.
func (c *Checker) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c.skipped(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			c.problem("%s %s: request body not read: %v", r.Method, r.URL.Path, err)
		}
		expect := r.Header.Get(RequestHeader)
		r.Header.Del(RequestHeader)
		seen := r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		copyAnswer(w, rec)
		c.check(exchange{req: seen, body: body, expect: expect, status: rec.Code, header: rec.Header(), answer: rec.Body.Bytes()})
	})
}

// copyAnswer writes the recorded answer to w.
func copyAnswer(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// request returns a copy of e's request whose body reads e.body.
func (e exchange) request() *http.Request {
	r := e.req.Clone(e.req.Context())
	r.Body = io.NopCloser(bytes.NewReader(e.body))
	return r
}

// response is e's answer as an *http.Response.
func (e exchange) response() *http.Response {
	return &http.Response{StatusCode: e.status, Header: e.header.Clone(), Request: e.request(),
		Body: io.NopCloser(bytes.NewReader(e.answer)), ContentLength: int64(len(e.answer))}
}
