package httpcall

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// DefaultMaxIdleConnsPerHost is how many idle connections to one
// dependency the default client keeps for concurrent calls (the standard
// library keeps 2, which makes a busy function reconnect).
const DefaultMaxIdleConnsPerHost = 64

// shared is the client of a Config without one.
var shared = NoRedirects()

// NoRedirects returns an HTTP client that answers a redirect instead of
// following it, over a copy of http.DefaultTransport keeping
// DefaultMaxIdleConnsPerHost idle connections (or over the program's
// own default transport, when it replaced it, for example for tracing).
func NoRedirects() *http.Client {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		t = t.Clone()
		t.MaxIdleConnsPerHost = DefaultMaxIdleConnsPerHost
		c.Transport = t
	}
	return c
}

// ParseBaseURL checks raw, the base URL of a dependency's API: an
// absolute http or https URL with a host, without credentials, query or
// fragment, that may end in a path prefix. It returns it escaped, without
// a trailing slash.
func ParseBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("base url: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("base url %q: scheme must be http or https", raw)
	case u.Host == "":
		return "", fmt.Errorf("base url %q: no host", raw)
	case u.User != nil:
		return "", fmt.Errorf("base url: must not hold credentials")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", fmt.Errorf("base url %q: must have no query or fragment", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}
