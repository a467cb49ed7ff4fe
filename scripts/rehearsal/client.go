package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/ordercenter/ordercenter/shared/auth"
	"github.com/ordercenter/ordercenter/shared/secrets"
)

// client calls the rehearsal's gateway.
type client struct {
	base   string
	secret []byte
	http   *http.Client
}

func newClient(base, secretsDir string) (*client, error) {
	secret, err := secrets.Current(secretsDir, secrets.JWTSecret)
	if err != nil {
		return nil, err
	}
	return &client{base: base, secret: secret, http: &http.Client{Timeout: 30 * time.Second}}, nil
}

// token signs a token for p, valid for an hour.
func (c *client) token(p auth.Principal) string {
	tok, err := auth.Sign(c.secret, p, time.Hour, time.Now())
	if err != nil {
		panic(err) // a fixed role and subject: cannot fail
	}
	return tok
}

// call sends body (nil: none) as JSON to path with the headers, decodes a
// 2xx answer into out (when not nil), and fails on any other status.
func (c *client) call(ctx context.Context, method, path string, header http.Header, body, out any) error {
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %.300s", method, path, resp.StatusCode, raw)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

// bearer is the Authorization header of a token for p.
func (c *client) bearer(p auth.Principal) http.Header {
	return http.Header{"Authorization": {"Bearer " + c.token(p)}}
}

// poll calls check every 200 ms until it reports done, fails, or timeout
// passes.
func poll(ctx context.Context, timeout time.Duration, what string, check func() (done bool, err error)) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		done, err := check()
		if err != nil || done {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: not done after %v", what, timeout)
		case <-time.After(200 * time.Millisecond):
		}
	}
}
