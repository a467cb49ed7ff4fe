package function

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"

	handler "github.com/openfaas/templates-sdk/go-http"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// ServeHTTP serves the function as a net/http handler (the of-watchdog's
// http mode): the body is read through a limit of MaxBodyBytes, so an
// oversized one is refused after reading just past the limit, never
// whole, and the connection's address stands in for a missing
// X-Forwarded-For.
func (p *PlaceOrder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, httpapi.MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		write(w, httpapi.Error(httpapi.Invalid("body", fmt.Sprintf("larger than %d bytes", httpapi.MaxBodyBytes))))
		return
	case err != nil:
		write(w, httpapi.Error(httpapi.Invalid("body", "could not be read")))
		return
	}
	req := handler.Request{Body: body, Header: r.Header, QueryString: r.URL.RawQuery, Method: r.Method, Host: r.Host}
	req.WithContext(r.Context())
	peer, _, _ := net.SplitHostPort(r.RemoteAddr)
	write(w, p.serve(req, peer))
}

func write(w http.ResponseWriter, resp handler.Response) {
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(resp.Body)
}
