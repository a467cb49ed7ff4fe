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
	in, place, err := s.queryInput(q)
	if err != nil {
		return kv.Page{}, fmt.Errorf("dynamokv query %q: %w", q.PK, err)
	}
	if place == pastTheEnd {
		return kv.Page{}, nil
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
// index), the order, and the start after the cursor's position; place
// tells where that position lies.
func (s *Store) queryInput(q kv.Query) (in *dynamodb.QueryInput, place cursorPlace, err error) {
	key := attrSK
	if q.BySK2 {
		key = attrSK2
	}
	in = &dynamodb.QueryInput{
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
		return in, fromBeginning, nil
	}
	in.ExclusiveStartKey, place, err = startKey(q)
	return in, place, err
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

// cursorPlace is where a cursor's position lies among the keys a query
// selects, in the query's direction.
type cursorPlace int

const (
	// resumeAfter: among them; the query resumes after it.
	resumeAfter cursorPlace = iota
	// fromBeginning: before all of them; the query starts at the first.
	fromBeginning
	// pastTheEnd: after all of them; nothing follows.
	pastTheEnd
)

// startKey is the key the query resumes after: the cursor's item, with its
// second sort key on the index. A cursor of another prefix, range or
// direction continues from its position, as package kv has it; DynamoDB
// refuses a start key its key condition does not select, so such a
// position is placed before or after the selected keys instead.
func startKey(q kv.Query) (map[string]types.AttributeValue, cursorPlace, error) {
	pos, err := q.DecodeCursor()
	if err != nil {
		return nil, 0, err
	}
	key, at := encodeKey(pos.PK, pos.SK), pos.SK
	if q.BySK2 {
		key[attrSK2] = &types.AttributeValueMemberS{Value: pos.SK2}
		at = pos.SK2
	}
	if q.Matches(at) {
		return key, resumeAfter, nil
	}
	below := at < q.SKFrom || (q.SKPrefix != "" && at < q.SKPrefix)
	if below != q.Backward {
		return nil, fromBeginning, nil
	}
	return nil, pastTheEnd, nil
}
