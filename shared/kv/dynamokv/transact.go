package dynamokv

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Retries of a transaction cancelled only by conflicts with other
// transactions on the same items.
const (
	conflictAttempts   = 3
	conflictFirstDelay = 5 * time.Millisecond
	conflictMaxDelay   = 50 * time.Millisecond
)

var _ kv.Transactor = (*Store)(nil)

// Transactional reports whether Config.Transactions was set: only then may
// Transact be used (and kv.TransactorOf offer the store's transactions).
func (s *Store) Transactional() bool { return s.transactions }

// Transact applies the writes all or none in one TransactWriteItems call
// (at most kv.MaxTransactWrites writes). It returns a *kv.ConditionError
// (wrapping kv.ErrConditionFailed) naming the first write whose condition
// failed; a transaction cancelled for other reasons (conflicts with other
// transactions, after a few tries, throttling) is kv.ErrUnavailable;
// kv.ErrInvalidKey or kv.ErrTooLarge are returned before anything is sent.
// Without Config.Transactions it fails with errors.ErrUnsupported.
func (s *Store) Transact(ctx context.Context, writes []kv.Write) error {
	if !s.transactions {
		return fmt.Errorf("dynamokv transact: %w: Config.Transactions not set", errors.ErrUnsupported)
	}
	if err := kv.ValidateTransaction(writes); err != nil {
		return fmt.Errorf("dynamokv transact: %w", err)
	}
	if len(writes) == 0 {
		return nil
	}
	if err := s.transact(ctx, writes); err != nil {
		return fmt.Errorf("dynamokv transaction of %d writes: %w", len(writes), err)
	}
	return nil
}

// transact sends the transaction, again after conflicts with others.
func (s *Store) transact(ctx context.Context, writes []kv.Write) error {
	in := &dynamodb.TransactWriteItemsInput{TransactItems: s.transactItems(writes)}
	for attempt := 1; ; attempt++ {
		_, err := s.client.TransactWriteItems(ctx, in)
		if err == nil {
			return nil
		}
		conflict, err := mapTransactErr(ctx, err, writes)
		if !conflict || attempt == conflictAttempts {
			return err
		}
		if err := sleep(ctx, jitter(conflictFirstDelay, attempt, conflictMaxDelay)); err != nil {
			return err
		}
	}
}

// transactItems translates the writes at the current time.
func (s *Store) transactItems(writes []kv.Write) []types.TransactWriteItem {
	now := s.now()
	items := make([]types.TransactWriteItem, len(writes))
	for i, w := range writes {
		ce, ok := conditionExpr(w.Cond, now)
		var expr *string
		if ok {
			expr = aws.String(ce.expr)
		}
		if w.Delete {
			items[i].Delete = &types.Delete{TableName: aws.String(s.table), Key: encodeKey(w.Key.PK, w.Key.SK),
				ConditionExpression: expr, ExpressionAttributeNames: ce.names, ExpressionAttributeValues: ce.values}
		} else {
			items[i].Put = &types.Put{TableName: aws.String(s.table), Item: encodeItem(w.Item),
				ConditionExpression: expr, ExpressionAttributeNames: ce.names, ExpressionAttributeValues: ce.values}
		}
	}
	return items
}

// mapTransactErr translates the failure of a transaction: a cancellation
// with a failed condition is a *kv.ConditionError for the first such write,
// any other cancellation kv.ErrUnavailable (conflict tells whether only
// conflicts with other transactions cancelled it); the rest goes through
// mapErr.
func mapTransactErr(ctx context.Context, err error, writes []kv.Write) (conflict bool, _ error) {
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		return false, mapErr(ctx, err)
	}
	conflict = true
	for i, r := range tce.CancellationReasons {
		switch code := aws.ToString(r.Code); code {
		case "ConditionalCheckFailed":
			return false, &kv.ConditionError{Index: i, Key: writes[i].Target()}
		case "", "None", "TransactionConflict":
		default:
			conflict = false
		}
	}
	return conflict, fmt.Errorf("%w: %w", kv.ErrUnavailable, err)
}
