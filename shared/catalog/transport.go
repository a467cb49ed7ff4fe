package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// drainLimit is how much of an unwanted body is read so that the
// connection can be reused; longer bodies are left and the connection
// closed.
const drainLimit = 64 << 10

// get sends GET base+path?query under ctx and returns the body of a 200
// answer, or an error wrapping ErrNotFound, ErrUnavailable,
// ErrBadResponse or, when the caller cancelled, context.Canceled.
func (c *Client) get(ctx context.Context, path, query string) ([]byte, error) {
	target := c.base + path
	if query != "" {
		target += "?" + query
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, transportError(ctx, err)
	}
	defer resp.Body.Close()
	if err := statusError(resp.StatusCode); err != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, drainLimit))
		return nil, err
	}
	return c.readBody(ctx, resp)
}

// statusError sorts a status other than 200 into the client's sentinels.
func statusError(code int) error {
	switch {
	case code == http.StatusOK:
		return nil
	case code == http.StatusNotFound:
		return ErrNotFound
	case code == http.StatusTooManyRequests || code >= 500:
		return fmt.Errorf("%w: %w", ErrUnavailable, &StatusError{StatusCode: code})
	default:
		return fmt.Errorf("%w: %w", ErrBadResponse, &StatusError{StatusCode: code})
	}
}

// readBody reads at most c.maxBody bytes of a 200 answer.
func (c *Client) readBody(ctx context.Context, resp *http.Response) ([]byte, error) {
	if resp.ContentLength > c.maxBody {
		return nil, fmt.Errorf("%w: body of %d bytes exceeds %d", ErrBadResponse, resp.ContentLength, c.maxBody)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		return nil, transportError(ctx, fmt.Errorf("read body: %w", err))
	}
	if int64(len(body)) > c.maxBody {
		return nil, fmt.Errorf("%w: body exceeds %d bytes", ErrBadResponse, c.maxBody)
	}
	return body, nil
}

// transportError wraps a failure to get an answer: ErrUnavailable, unless
// the caller cancelled the call, which is not the catalog's fault.
func transportError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		if errors.Is(err, context.Canceled) {
			return err
		}
		return fmt.Errorf("%w: %w", context.Canceled, err)
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}
