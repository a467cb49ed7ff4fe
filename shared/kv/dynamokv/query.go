package dynamokv

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Query reads one page of a partition with consistent reads, on the table
// or, for q.BySK2, on the index by-sk2. Expired items are left out; the
// store reads on until it has seen one live item more than the page holds,
// or the partition's end, so that the page's cursor is empty exactly when
// nothing follows. It returns kv.ErrInvalidQuery or kv.ErrInvalidCursor for
// a query of the wrong shape.
func (s *Store) Query(ctx context.Context, q kv.Query) (kv.Page, error) {
	if err := q.Validate(); err != nil {
		return kv.Page{}, fmt.Errorf("dynamokv query: %w", err)
	}
	in, err := s.queryInput(q)
	if err != nil {
		return kv.Page{}, fmt.Errorf("dynamokv query %q: %w", q.PK, err)
	}
	items, err := s.collect(ctx, in, q.Limit+1)
	if err != nil {
		return kv.Page{}, fmt.Errorf("dynamokv query %q: %w", q.PK, err)
	}
	if len(items) <= q.Limit {
		return kv.Page{Items: items}, nil
	}
	items = items[:q.Limit]
	return kv.Page{Items: items, Cursor: kv.EncodeCursor(items[q.Limit-1], q.BySK2)}, nil
}

// collect runs the query until it has want live items or the partition
// ends. Each request asks for no more items than are still wanted; expired
// ones make it ask again.
func (s *Store) collect(ctx context.Context, in *dynamodb.QueryInput, want int) ([]kv.Item, error) {
	now := s.now()
	items := make([]kv.Item, 0, want)
	for {
		in.Limit = aws.Int32(int32(want - len(items)))
		out, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, mapErr(ctx, err)
		}
		for _, m := range out.Items {
			it, err := decodeItem(m)
			if err != nil {
				return nil, err
			}
			if !kv.Expired(it, now) {
				items = append(items, it)
			}
		}
		if len(items) >= want || len(out.LastEvaluatedKey) == 0 {
			return items, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// queryInput translates the query: the key condition on sk (or sk2 on the
// index), the order, and the start after the cursor's position.
func (s *Store) queryInput(q kv.Query) (*dynamodb.QueryInput, error) {
	key := attrSK
	if q.BySK2 {
		key = attrSK2
	}
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		ConsistentRead:            aws.Bool(true),
		ScanIndexForward:          aws.Bool(!q.Backward),
		ExpressionAttributeNames:  map[string]string{"#pk": attrPK},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: q.PK}},
	}
	if q.BySK2 {
		in.IndexName = aws.String(indexBySK2)
	}
	cond := "#pk = :pk"
	if keyCond := sortKeyCondition(q, in.ExpressionAttributeValues); keyCond != "" {
		cond += " AND " + keyCond
		in.ExpressionAttributeNames["#k"] = key
	}
	in.KeyConditionExpression = aws.String(cond)
	if q.Cursor == "" {
		return in, nil
	}
	start, err := startKey(q)
	if err != nil {
		return nil, err
	}
	in.ExclusiveStartKey = start
	return in, nil
}

// sortKeyCondition is the condition on the sort key (named #k) for the
// query's prefix or range, adding its values; "" when there is none.
func sortKeyCondition(q kv.Query, values map[string]types.AttributeValue) string {
	str := func(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }
	switch {
	case q.SKPrefix != "":
		values[":prefix"] = str(q.SKPrefix)
		return "begins_with(#k, :prefix)"
	case q.SKFrom != "" && q.SKTo != "":
		values[":from"], values[":to"] = str(q.SKFrom), str(q.SKTo)
		return "#k BETWEEN :from AND :to"
	case q.SKFrom != "":
		values[":from"] = str(q.SKFrom)
		return "#k >= :from"
	case q.SKTo != "":
		values[":to"] = str(q.SKTo)
		return "#k <= :to"
	}
	return ""
}

// startKey is the key the query resumes after: the cursor's item, with its
// second sort key on the index. A position the query does not select cannot
// come from this query (and DynamoDB would refuse it).
func startKey(q kv.Query) (map[string]types.AttributeValue, error) {
	pos, err := q.DecodeCursor()
	if err != nil {
		return nil, err
	}
	key := encodeKey(pos.PK, pos.SK)
	selected := pos.SK
	if q.BySK2 {
		key[attrSK2] = &types.AttributeValueMemberS{Value: pos.SK2}
		selected = pos.SK2
	}
	if !q.Matches(selected) {
		return nil, fmt.Errorf("%w: cursor is outside the query's keys", kv.ErrInvalidCursor)
	}
	return key, nil
}
