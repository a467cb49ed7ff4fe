package dynamokv

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Backoff between two sends of a chunk's unprocessed items.
const (
	unprocessedFirstDelay = 50 * time.Millisecond
	unprocessedMaxDelay   = 2 * time.Second
)

// WriteBatch applies unconditional puts and deletes in BatchWriteItem calls
// of kv.MaxBatch items, one chunk after the other. Items the server leaves
// unprocessed (throttling) are sent again with growing, jittered delays
// until they are written or ctx ends; the batch is not atomic, so on error
// some chunks may have been written. It returns kv.ErrInvalidKey or
// kv.ErrTooLarge for a batch the store refuses, before writing anything.
func (s *Store) WriteBatch(ctx context.Context, puts []kv.Item, deletes []kv.Key) error {
	if err := kv.ValidateBatch(puts, deletes); err != nil {
		return fmt.Errorf("dynamokv write batch: %w", err)
	}
	reqs := make([]types.WriteRequest, 0, len(puts)+len(deletes))
	for _, it := range puts {
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: encodeItem(it)}})
	}
	for _, k := range deletes {
		reqs = append(reqs, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: encodeKey(k.PK, k.SK)}})
	}
	for start := 0; start < len(reqs); start += kv.MaxBatch {
		chunk := reqs[start:min(start+kv.MaxBatch, len(reqs))]
		if err := s.writeChunk(ctx, chunk); err != nil {
			return fmt.Errorf("dynamokv write batch (items %d to %d of %d): %w",
				start+1, start+len(chunk), len(reqs), err)
		}
	}
	return nil
}

// writeChunk sends one chunk, then its unprocessed items again, until none
// are left or ctx ends.
func (s *Store) writeChunk(ctx context.Context, reqs []types.WriteRequest) error {
	for attempt := 1; ; attempt++ {
		out, err := s.client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems: map[string][]types.WriteRequest{s.table: reqs},
		})
		if err != nil {
			return mapErr(ctx, err)
		}
		reqs = out.UnprocessedItems[s.table]
		if len(reqs) == 0 {
			return nil
		}
		if err := sleep(ctx, jitter(unprocessedFirstDelay, attempt, unprocessedMaxDelay)); err != nil {
			return fmt.Errorf("%d items left unprocessed: %w", len(reqs), err)
		}
	}
}

// sleep waits for d or until ctx ends, returning ctx's error then.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
