package dynamokv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// closedPort is a local address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestUnreachable: every call to a server that is not there fails quickly
// with kv.ErrUnavailable, once the few retries are spent.
func TestUnreachable(t *testing.T) {
	s, err := New(Config{Endpoint: "http://" + closedPort(t), Table: "orders"})
	if err != nil {
		t.Fatalf("new: %v", err)
	}
	item := kv.Item{PK: "p", SK: "s", Version: 1}
	calls := map[string]func(context.Context) error{
		"get":          func(ctx context.Context) error { _, err := s.Get(ctx, "p", "s"); return err },
		"put":          func(ctx context.Context) error { return s.Put(ctx, item, kv.IfAbsent()) },
		"delete":       func(ctx context.Context) error { return s.Delete(ctx, "p", "s", kv.Always()) },
		"write batch":  func(ctx context.Context) error { return s.WriteBatch(ctx, []kv.Item{item}, nil) },
		"query":        func(ctx context.Context) error { _, err := s.Query(ctx, kv.Query{PK: "p", Limit: 1}); return err },
		"create table": func(ctx context.Context) error { _, err := s.CreateTable(ctx); return err },
	}
	for name, call := range calls {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		start := time.Now()
		err := call(ctx)
		cancel()
		if !errors.Is(err, kv.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v, want %v", name, err, kv.ErrUnavailable)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: failed after %s, want well under the deadline", name, d)
		}
	}
}

// TestContextErrors: a cancelled call or one past its deadline reports the
// context's error, not kv.ErrUnavailable.
func TestContextErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() { // accept and never answer
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	s, err := New(Config{Endpoint: "http://" + l.Addr().String(), Table: "orders"})
	if err != nil {
		t.Fatalf("new: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	_, err = s.Get(ctx, "p", "s")
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, kv.ErrUnavailable) {
		t.Errorf("get past the deadline: %v, want %v", err, context.DeadlineExceeded)
	}
	ctx, cancel = context.WithCancel(t.Context())
	cancel()
	err = s.Put(ctx, kv.Item{PK: "p", SK: "s"}, kv.Always())
	if !errors.Is(err, context.Canceled) || errors.Is(err, kv.ErrUnavailable) {
		t.Errorf("put with a cancelled context: %v, want %v", err, context.Canceled)
	}
}

// TestMapErr checks the translation of the errors the SDK returns.
func TestMapErr(t *testing.T) {
	api := func(code, msg string) error {
		return fmt.Errorf("operation error DynamoDB: PutItem: %w", &smithy.GenericAPIError{Code: code, Message: msg})
	}
	for _, c := range []struct {
		name string
		err  error
		want error
	}{
		{"condition", &types.ConditionalCheckFailedException{}, kv.ErrConditionFailed},
		{"throughput", &types.ProvisionedThroughputExceededException{}, kv.ErrUnavailable},
		{"throttling", api("ThrottlingException", "slow down"), kv.ErrUnavailable},
		{"request limit", &types.RequestLimitExceeded{}, kv.ErrUnavailable},
		{"internal", &types.InternalServerError{}, kv.ErrUnavailable},
		{"retries spent", &retry.MaxAttemptsError{Attempt: 3, Err: errors.New("boom")}, kv.ErrUnavailable},
		{"network", &smithyhttp.RequestSendError{Err: errors.New("connection reset")}, kv.ErrUnavailable},
		{"too large", api("ValidationException", "Item size has exceeded the maximum allowed size"), kv.ErrTooLarge},
		{"deadline", fmt.Errorf("op: %w", context.DeadlineExceeded), context.DeadlineExceeded},
	} {
		got := mapErr(context.Background(), c.err)
		if !errors.Is(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		if c.want == kv.ErrUnavailable && !errors.Is(got, c.err) {
			t.Errorf("%s: %v does not wrap the cause", c.name, got)
		}
	}
	other := api("ResourceNotFoundException", "no table")
	if got := mapErr(context.Background(), other); got != other {
		t.Errorf("missing table: %v, want it unchanged", got)
	}
}
