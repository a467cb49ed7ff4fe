package dynamokv

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestCreateTableTwice: the second call finds the table and its TTL.
func TestCreateTableTwice(t *testing.T) {
	s := newTestStore(t)
	setup, err := s.CreateTable(t.Context())
	if err != nil {
		t.Fatalf("create table again: %v", err)
	}
	if setup.Created {
		t.Errorf("create table again: Created = true, want false")
	}
	if setup.TTL != TTLAlreadyEnabled && setup.TTL != TTLUnsupported {
		t.Errorf("create table again: TTL %q, want %q or %q", setup.TTL, TTLAlreadyEnabled, TTLUnsupported)
	}
	t.Logf("server's TTL: %s", setup.TTL)
}

// TestCreateTableOtherSchema: a table of the name without the index is
// refused, not silently used.
func TestCreateTableOtherSchema(t *testing.T) {
	s := newTestStore(t)
	if err := s.DeleteTable(t.Context()); err != nil {
		t.Fatalf("delete table: %v", err)
	}
	def := tableDefinition(s.table)
	def.LocalSecondaryIndexes = nil
	def.AttributeDefinitions = def.AttributeDefinitions[:2]
	if _, err := s.client.CreateTable(t.Context(), def); err != nil {
		t.Fatalf("create table without index: %v", err)
	}
	_, err := s.CreateTable(t.Context())
	if err == nil || !strings.Contains(err.Error(), indexBySK2) {
		t.Errorf("create table over one without the index: %v, want an error naming %s", err, indexBySK2)
	}
}

// TestCreateTableDefinition checks the table the store asks for.
func TestCreateTableDefinition(t *testing.T) {
	def := tableDefinition("orders")
	if def.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("billing mode %q", def.BillingMode)
	}
	if len(def.LocalSecondaryIndexes) != 1 || aws.ToString(def.LocalSecondaryIndexes[0].IndexName) != "by-sk2" ||
		def.LocalSecondaryIndexes[0].Projection.ProjectionType != types.ProjectionTypeAll {
		t.Errorf("local secondary indexes %+v", def.LocalSecondaryIndexes)
	}
	if err := checkSchema(&types.TableDescription{KeySchema: def.KeySchema, LocalSecondaryIndexes: lsiDescriptions(def)}); err != nil {
		t.Errorf("check own schema: %v", err)
	}
	swapped := []types.KeySchemaElement{def.KeySchema[1], def.KeySchema[0]}
	swapped[0].KeyType, swapped[1].KeyType = types.KeyTypeHash, types.KeyTypeRange
	if err := checkSchema(&types.TableDescription{KeySchema: swapped, LocalSecondaryIndexes: lsiDescriptions(def)}); err == nil {
		t.Errorf("check schema with swapped keys: no error")
	}
}

func lsiDescriptions(def *dynamodb.CreateTableInput) []types.LocalSecondaryIndexDescription {
	var out []types.LocalSecondaryIndexDescription
	for _, lsi := range def.LocalSecondaryIndexes {
		out = append(out, types.LocalSecondaryIndexDescription{IndexName: lsi.IndexName, KeySchema: lsi.KeySchema})
	}
	return out
}
