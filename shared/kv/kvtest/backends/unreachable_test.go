package backends_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/kv/kvtest/backends"
)

func TestUnreachableIsUnavailable(t *testing.T) {
	_, err := backends.Unreachable(t).Get(context.Background(), "a", "b")
	if !errors.Is(err, kv.ErrUnavailable) {
		t.Fatalf("got %v", err)
	}
}
