package dynamokv

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// enableTTL turns TTL on for exp unless it is on already. A server that does
// not know the TTL operations gives TTLUnsupported.
func (s *Store) enableTTL(ctx context.Context) (TTLStatus, error) {
	out, err := s.client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(s.table)})
	if err != nil {
		if ttlUnsupported(err) {
			return TTLUnsupported, nil
		}
		return "", mapErr(ctx, err)
	}
	if d := out.TimeToLiveDescription; d != nil &&
		(d.TimeToLiveStatus == types.TimeToLiveStatusEnabled || d.TimeToLiveStatus == types.TimeToLiveStatusEnabling) {
		if name := aws.ToString(d.AttributeName); name != attrExpires {
			return "", fmt.Errorf("TTL is on for attribute %q, not %q", name, attrExpires)
		}
		return TTLAlreadyEnabled, nil
	}
	_, err = s.client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(s.table),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(attrExpires),
			Enabled:       aws.Bool(true),
		},
	})
	switch {
	case err == nil:
		return TTLEnabled, nil
	case ttlUnsupported(err):
		return TTLUnsupported, nil
	}
	return "", mapErr(ctx, err)
}

// ttlUnsupported reports whether err says the server has no TTL operations.
func ttlUnsupported(err error) bool {
	return isCode(err, "UnknownOperationException")
}

// DeleteTable deletes the store's table, if it exists, and waits until it is
// gone. It is meant for tests and tools; it loses every item.
func (s *Store) DeleteTable(ctx context.Context) error {
	_, err := s.client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(s.table)})
	if err != nil && !isCode(err, "ResourceNotFoundException") {
		return fmt.Errorf("dynamokv delete table %q: %w", s.table, mapErr(ctx, err))
	}
	for attempt := 1; ; attempt++ {
		_, err := s.client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(s.table)})
		var notFound *types.ResourceNotFoundException
		switch {
		case errors.As(err, &notFound):
			return nil
		case err != nil:
			return fmt.Errorf("dynamokv delete table %q: %w", s.table, mapErr(ctx, err))
		}
		if err := sleep(ctx, jitter(pollFirst, attempt, pollMax)); err != nil {
			return fmt.Errorf("dynamokv delete table %q: wait until gone: %w", s.table, err)
		}
	}
}
