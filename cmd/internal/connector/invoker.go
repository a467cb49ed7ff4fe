package connector

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	handler "github.com/openfaas/templates-sdk/go-http"
)

// Name is the connector's X-Connector and User-Agent.
const Name = "ordercenter-connector"

// DefaultCallTimeout bounds one call when HTTP names no timeout: below the
// events' ack wait (30 s), above the functions' own limits.
const DefaultCallTimeout = 25 * time.Second

// Call is one call of a function.
type Call struct {
	Function string
	Header   http.Header
	Body     []byte
}

// Answer is what the function answered.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Invoker calls functions. An error means no answer came (refused, timed
// out): the call may be tried again.
type Invoker interface {
	Invoke(ctx context.Context, call Call) (Answer, error)
}

// HTTP calls functions through the OpenFaaS gateway: POST
// <GatewayURL>/function/<name>, which also wakes a function scaled to zero.
type HTTP struct {
	gatewayURL string
	client     *http.Client
}

// NewHTTP calls the functions behind gatewayURL, each call bounded by
// timeout (DefaultCallTimeout when zero).
func NewHTTP(gatewayURL string, timeout time.Duration) *HTTP {
	if timeout <= 0 {
		timeout = DefaultCallTimeout
	}
	return &HTTP{gatewayURL: strings.TrimSuffix(gatewayURL, "/"), client: GatewayClient(timeout)}
}

// GatewayClient is the HTTP client of the connector-sdk's gateway calls
// (its types.MakeClient): calls bounded by timeout, connections kept
// alive but not for long, so that they spread over the gateway's
// replicas.
func GatewayClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: timeout, KeepAlive: 10 * time.Second}).DialContext,
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 100,
		IdleConnTimeout:     2 * time.Second,
	}}
}

// Client is the HTTP client calls go through.
func (h *HTTP) Client() *http.Client { return h.client }

// Invoke calls the function; the answer's body is read up to 64 KiB.
func (h *HTTP) Invoke(ctx context.Context, call Call) (Answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.gatewayURL+"/function/"+call.Function, bytes.NewReader(call.Body))
	if err != nil {
		return Answer{}, fmt.Errorf("call %s: %w", call.Function, err)
	}
	for k, v := range call.Header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", Name)
	resp, err := h.client.Do(req)
	if err != nil {
		return Answer{}, fmt.Errorf("call %s: %w", call.Function, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Answer{}, fmt.Errorf("call %s: answer %d: %w", call.Function, resp.StatusCode, err)
	}
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// Functions serves functions in-process, as the runner's gateway does.
type Functions interface {
	Lookup(name string) (handler.FunctionHandler, bool)
	Invoke(ctx context.Context, name string, f handler.FunctionHandler, req handler.Request) handler.Response
}

// InProcess calls the functions fns serves, in this process.
func InProcess(fns Functions) Invoker { return inProcess{fns} }

type inProcess struct{ fns Functions }

func (p inProcess) Invoke(ctx context.Context, call Call) (Answer, error) {
	fn, ok := p.fns.Lookup(call.Function)
	if !ok {
		return Answer{Status: http.StatusNotFound, Body: []byte("no function " + call.Function)}, nil
	}
	resp := p.fns.Invoke(ctx, call.Function, fn, handler.Request{Method: http.MethodPost, Header: call.Header, Body: call.Body})
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body}, nil
}
