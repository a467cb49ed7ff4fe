// Package dynamokv is the kv.Store backed by a DynamoDB table, on the subset
// of the DynamoDB API that AWS DynamoDB, DynamoDB Local, ScyllaDB Alternator
// and dynalite all serve: single-item conditional PutItem and DeleteItem,
// GetItem, Query and BatchWriteItem; no scans, and no reliance on TTL
// deleting anything (expired items are hidden by the store). Transactions
// (TransactWriteItems, as kv.Transactor) are opt-in through
// Config.Transactions, for the servers that have them.
//
// One table holds every item. Its attributes are pk (S, hash key), sk (S,
// range key), sk2 (S, only when set), v (N, the version), exp (N, Unix
// seconds, only when set; the table's TTL attribute) and d (B, the data,
// only when not empty). The local secondary index by-sk2 on (pk, sk2),
// projecting all attributes, serves queries by the second sort key; items
// without sk2 are not in it.
package dynamokv

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Store is a kv.Store on one DynamoDB table. It is safe for concurrent use.
type Store struct {
	client *dynamodb.Client
	table  string
	now    func() time.Time
	// transactions is Config.Transactions.
	transactions bool
}

var _ kv.Store = (*Store)(nil)

// New checks the configuration and builds the store. It makes no network
// call: connections open on the first request, so a server that is down
// shows as kv.ErrUnavailable from the calls, not here.
func New(cfg Config) (*Store, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	client, err := newClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("dynamokv new: %w", err)
	}
	return &Store{client: client, table: cfg.Table, now: time.Now, transactions: cfg.Transactions}, nil
}

// Table is the name of the store's table.
func (s *Store) Table() string { return s.table }

// Get reads one item with a consistent read. It returns kv.ErrNotFound when
// the item is absent or has expired (TTL deletes lazily, or never on
// servers without TTL).
func (s *Store) Get(ctx context.Context, pk, sk string) (kv.Item, error) {
	if err := kv.ValidateKey(kv.Key{PK: pk, SK: sk}); err != nil {
		return kv.Item{}, fmt.Errorf("dynamokv get: %w", err)
	}
	it, err := s.get(ctx, pk, sk)
	if err != nil {
		return kv.Item{}, fmt.Errorf("dynamokv get %q/%q: %w", pk, sk, err)
	}
	return it, nil
}

func (s *Store) get(ctx context.Context, pk, sk string) (kv.Item, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            encodeKey(pk, sk),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return kv.Item{}, mapErr(ctx, err)
	}
	if out.Item == nil {
		return kv.Item{}, kv.ErrNotFound
	}
	it, err := decodeItem(out.Item)
	if err != nil {
		return kv.Item{}, err
	}
	if kv.Expired(it, s.now()) {
		return kv.Item{}, kv.ErrNotFound
	}
	return it, nil
}

// Put writes the whole item when cond holds, as one conditional PutItem. It
// returns kv.ErrConditionFailed when the condition does not hold, and
// kv.ErrInvalidKey or kv.ErrTooLarge for an item the store refuses.
func (s *Store) Put(ctx context.Context, item kv.Item, cond kv.Condition) error {
	if err := kv.ValidateItem(item); err != nil {
		return fmt.Errorf("dynamokv put: %w", err)
	}
	in := &dynamodb.PutItemInput{
		TableName: aws.String(s.table),
		Item:      encodeItem(item),
	}
	if ce, ok := conditionExpr(cond, s.now()); ok {
		in.ConditionExpression = aws.String(ce.expr)
		in.ExpressionAttributeNames = ce.names
		in.ExpressionAttributeValues = ce.values
	}
	if _, err := s.client.PutItem(ctx, in); err != nil {
		return fmt.Errorf("dynamokv put %q/%q: %w", item.PK, item.SK, mapErr(ctx, err))
	}
	return nil
}

// Delete removes the item when cond holds, as one conditional DeleteItem.
// Deleting an absent item with kv.Always succeeds. It returns
// kv.ErrConditionFailed when the condition does not hold.
func (s *Store) Delete(ctx context.Context, pk, sk string, cond kv.Condition) error {
	if err := kv.ValidateKey(kv.Key{PK: pk, SK: sk}); err != nil {
		return fmt.Errorf("dynamokv delete: %w", err)
	}
	in := &dynamodb.DeleteItemInput{
		TableName: aws.String(s.table),
		Key:       encodeKey(pk, sk),
	}
	if ce, ok := conditionExpr(cond, s.now()); ok {
		in.ConditionExpression = aws.String(ce.expr)
		in.ExpressionAttributeNames = ce.names
		in.ExpressionAttributeValues = ce.values
	}
	if _, err := s.client.DeleteItem(ctx, in); err != nil {
		return fmt.Errorf("dynamokv delete %q/%q: %w", pk, sk, mapErr(ctx, err))
	}
	return nil
}
