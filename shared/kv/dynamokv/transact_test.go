package dynamokv

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Without Config.Transactions the store offers no transactions.
func TestTransactionsAreOptIn(t *testing.T) {
	s, err := New(Config{Endpoint: "http://127.0.0.1:1", Table: "optin"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := kv.TransactorOf(s); ok {
		t.Error("TransactorOf offers transactions without Config.Transactions")
	}
	err = s.Transact(context.Background(), []kv.Write{kv.PutWrite(kv.Item{PK: "p", SK: "s"}, kv.Always())})
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Transact without Config.Transactions: %v, want %v", err, errors.ErrUnsupported)
	}
}

func TestMapTransactErr(t *testing.T) {
	writes := []kv.Write{
		kv.PutWrite(kv.Item{PK: "p", SK: "a"}, kv.Always()),
		kv.DeleteWrite(kv.Key{PK: "p", SK: "b"}, kv.IfExists()),
	}
	cancelled := func(codes ...string) error {
		e := &types.TransactionCanceledException{}
		for _, c := range codes {
			e.CancellationReasons = append(e.CancellationReasons, types.CancellationReason{Code: aws.String(c)})
		}
		return e
	}
	cases := []struct {
		name     string
		err      error
		want     error
		conflict bool
	}{
		{"condition", cancelled("None", "ConditionalCheckFailed"), kv.ErrConditionFailed, false},
		{"conflict", cancelled("TransactionConflict", "None"), kv.ErrUnavailable, true},
		{"throttled", cancelled("None", "ThrottlingError"), kv.ErrUnavailable, false},
	}
	for _, c := range cases {
		conflict, err := mapTransactErr(context.Background(), c.err, writes)
		if !errors.Is(err, c.want) || conflict != c.conflict {
			t.Errorf("%s: %v (conflict %v), want %v (conflict %v)", c.name, err, conflict, c.want, c.conflict)
		}
	}
	_, err := mapTransactErr(context.Background(), cancelled("None", "ConditionalCheckFailed"), writes)
	var ce *kv.ConditionError
	if !errors.As(err, &ce) || ce.Index != 1 || ce.Key != (kv.Key{PK: "p", SK: "b"}) {
		t.Errorf("condition failure %v: want write 1 named", err)
	}
}
