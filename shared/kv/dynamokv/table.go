package dynamokv

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TTLStatus tells what CreateTable found or did about the table's TTL.
type TTLStatus string

// What CreateTable may report about TTL.
const (
	// TTLEnabled: CreateTable enabled TTL on the attribute exp.
	TTLEnabled TTLStatus = "enabled"
	// TTLAlreadyEnabled: TTL was already on (or being turned on) for exp.
	TTLAlreadyEnabled TTLStatus = "already enabled"
	// TTLUnsupported: the server has no TTL (dynalite). The store still
	// hides expired items, but nothing reclaims their space.
	TTLUnsupported TTLStatus = "unsupported"
)

// TableSetup reports what CreateTable did.
type TableSetup struct {
	// Created is false when the table already existed.
	Created bool
	// TTL is the state of the table's TTL on exp.
	TTL TTLStatus
}

// pollFirst and pollMax bound the delay between two looks at a table that
// is being created or deleted.
const (
	pollFirst = 100 * time.Millisecond
	pollMax   = 2 * time.Second
)

// CreateTable creates the store's table with its index, on-demand billing,
// and waits until it is active, then turns TTL on for exp. It is
// idempotent: an existing table of the right key schema is kept, and an
// error is returned for one of another schema (indexes cannot be added
// later). A server without TTL is reported as TTLUnsupported, not as an
// error.
func (s *Store) CreateTable(ctx context.Context) (TableSetup, error) {
	created, err := s.createTable(ctx)
	if err != nil {
		return TableSetup{}, fmt.Errorf("dynamokv create table %q: %w", s.table, err)
	}
	desc, err := s.waitActive(ctx)
	if err != nil {
		return TableSetup{}, fmt.Errorf("dynamokv create table %q: wait until active: %w", s.table, err)
	}
	if err := checkSchema(desc); err != nil {
		return TableSetup{}, fmt.Errorf("dynamokv create table %q: %w", s.table, err)
	}
	ttl, err := s.enableTTL(ctx)
	if err != nil {
		return TableSetup{}, fmt.Errorf("dynamokv create table %q: enable TTL: %w", s.table, err)
	}
	return TableSetup{Created: created, TTL: ttl}, nil
}

// createTable creates the table unless it exists; created tells which.
func (s *Store) createTable(ctx context.Context) (created bool, err error) {
	_, err = s.client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(s.table)})
	if err == nil {
		return false, nil
	}
	if !isCode(err, "ResourceNotFoundException") {
		return false, mapErr(ctx, err)
	}
	_, err = s.client.CreateTable(ctx, tableDefinition(s.table))
	switch {
	case err == nil:
		return true, nil
	case isCode(err, "ResourceInUseException"): // created meanwhile by another
		return false, nil
	}
	return false, mapErr(ctx, err)
}

// tableDefinition is the table: pk and sk, and the sparse index by-sk2.
func tableDefinition(name string) *dynamodb.CreateTableInput {
	str := func(attr string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(attr), AttributeType: types.ScalarAttributeTypeS}
	}
	key := func(attr string, kt types.KeyType) types.KeySchemaElement {
		return types.KeySchemaElement{AttributeName: aws.String(attr), KeyType: kt}
	}
	return &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{str(attrPK), str(attrSK), str(attrSK2)},
		KeySchema:            []types.KeySchemaElement{key(attrPK, types.KeyTypeHash), key(attrSK, types.KeyTypeRange)},
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{{
			IndexName:  aws.String(indexBySK2),
			KeySchema:  []types.KeySchemaElement{key(attrPK, types.KeyTypeHash), key(attrSK2, types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
		BillingMode: types.BillingModePayPerRequest,
	}
}

// waitActive polls the table until it is active.
func (s *Store) waitActive(ctx context.Context) (*types.TableDescription, error) {
	for attempt := 1; ; attempt++ {
		out, err := s.client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(s.table)})
		if err != nil {
			return nil, mapErr(ctx, err)
		}
		if out.Table.TableStatus == types.TableStatusActive {
			return out.Table, nil
		}
		if err := sleep(ctx, jitter(pollFirst, attempt, pollMax)); err != nil {
			return nil, err
		}
	}
}

// checkSchema refuses a table whose keys or index are not the store's.
func checkSchema(desc *types.TableDescription) error {
	want := tableDefinition("")
	if !sameKeys(desc.KeySchema, want.KeySchema) {
		return errors.New("table exists with another key schema: want pk (hash) and sk (range)")
	}
	for _, lsi := range desc.LocalSecondaryIndexes {
		if aws.ToString(lsi.IndexName) == indexBySK2 && sameKeys(lsi.KeySchema, want.LocalSecondaryIndexes[0].KeySchema) {
			return nil
		}
	}
	return fmt.Errorf("table exists without the local secondary index %s on (pk, sk2)", indexBySK2)
}

// sameKeys reports whether two key schemas name the same attributes in the
// same roles.
func sameKeys(got, want []types.KeySchemaElement) bool {
	if len(got) != len(want) {
		return false
	}
	roles := make(map[types.KeyType]string, len(got))
	for _, k := range got {
		roles[k.KeyType] = aws.ToString(k.AttributeName)
	}
	for _, k := range want {
		if roles[k.KeyType] != aws.ToString(k.AttributeName) {
			return false
		}
	}
	return true
}
