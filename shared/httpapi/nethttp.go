package httpapi

import (
	"context"
	"encoding/json"
	"net/http"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// The net/http counterparts of JSON and Error, for handlers served by an
// http.ServeMux rather than through the OpenFaaS template (the runner's
// sandboxes). Their bodies end with a newline, as json.Encoder writes them.

// WriteJSON answers status with v as the body on w.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		WriteError(w, err)
		return
	}
	write(w, handler.Response{StatusCode: status, Body: body, Header: jsonHeader()})
}

// WriteError answers err on w as Error does: a Problem with its code's
// status (and Retry-After), anything else as a 500 whose text is logged,
// never sent.
func WriteError(w http.ResponseWriter, err error) {
	write(w, Error(context.Background(), err))
}

// WriteProblem answers p on w as WriteError does, but with status rather
// than its code's: for answers the contract's codes do not cover, such as
// a 405 or a sandbox's injected failures. p must not be nil.
func WriteProblem(w http.ResponseWriter, status int, p *Problem) {
	resp := Error(context.Background(), p)
	resp.StatusCode = status
	write(w, resp)
}

// write copies resp to w, ending its body with a newline.
func write(w http.ResponseWriter, resp handler.Response) {
	for name, values := range resp.Header {
		w.Header()[name] = values
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(append(resp.Body, '\n'))
}
