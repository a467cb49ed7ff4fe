package dynamokv

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ProbeTransactions asks the server whether it has TransactWriteItems, with
// a transaction that checks a condition that always holds and writes
// nothing. It answers false, without error, when the server does not know
// the operation (dynalite); other failures are returned (mapped as by the
// other calls). The table must exist. Whatever it answers, the store uses
// transactions only with Config.Transactions.
func (s *Store) ProbeTransactions(ctx context.Context) (bool, error) {
	_, err := s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{{ConditionCheck: &types.ConditionCheck{
			TableName:                aws.String(s.table),
			Key:                      encodeKey("probe#transactions", "probe"),
			ConditionExpression:      aws.String("attribute_not_exists(#pk) OR attribute_exists(#pk)"),
			ExpressionAttributeNames: map[string]string{"#pk": attrPK},
		}}},
	})
	switch {
	case err == nil:
		return true, nil
	case isCode(err, "UnknownOperationException"):
		return false, nil
	}
	return false, fmt.Errorf("dynamokv probe transactions: %w", mapErr(ctx, err))
}
