package dynamokv

import (
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// Attribute names of the table, and the name of its index.
const (
	attrPK      = "pk"
	attrSK      = "sk"
	attrSK2     = "sk2"
	attrVersion = "v"
	attrExpires = "exp"
	attrData    = "d"
	indexBySK2  = "by-sk2"
)

// encodeKey is the primary key of an item.
func encodeKey(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		attrPK: &types.AttributeValueMemberS{Value: pk},
		attrSK: &types.AttributeValueMemberS{Value: sk},
	}
}

// encodeItem is the item as attributes. SK2, the expiry and empty data are
// left out when not set: sk2 so that the index stays sparse, exp so that TTL
// ignores the item, and empty data because DynamoDB-compatible servers
// older than DynamoDB's 2020 change refuse empty binary values (package kv
// takes nil and empty data as the same).
func encodeItem(it kv.Item) map[string]types.AttributeValue {
	m := encodeKey(it.PK, it.SK)
	m[attrVersion] = number(it.Version)
	if it.SK2 != "" {
		m[attrSK2] = &types.AttributeValueMemberS{Value: it.SK2}
	}
	if !it.ExpiresAt.IsZero() {
		m[attrExpires] = number(it.ExpiresAt.Unix())
	}
	if len(it.Data) > 0 {
		m[attrData] = &types.AttributeValueMemberB{Value: it.Data}
	}
	return m
}

// decodeItem reads an item the store wrote. The expiry comes back as a UTC
// time of whole seconds; missing data comes back as nil.
func decodeItem(m map[string]types.AttributeValue) (kv.Item, error) {
	var it kv.Item
	var err error
	if it.PK, err = stringAttr(m, attrPK, true); err != nil {
		return kv.Item{}, err
	}
	if it.SK, err = stringAttr(m, attrSK, true); err != nil {
		return kv.Item{}, err
	}
	if it.SK2, err = stringAttr(m, attrSK2, false); err != nil {
		return kv.Item{}, err
	}
	if it.Version, err = numberAttr(m, attrVersion); err != nil {
		return kv.Item{}, err
	}
	if _, ok := m[attrExpires]; ok {
		exp, err := numberAttr(m, attrExpires)
		if err != nil {
			return kv.Item{}, err
		}
		it.ExpiresAt = time.Unix(exp, 0).UTC()
	}
	if av, ok := m[attrData]; ok {
		b, ok := av.(*types.AttributeValueMemberB)
		if !ok {
			return kv.Item{}, fmt.Errorf("malformed item: attribute %q is not binary", attrData)
		}
		it.Data = b.Value
	}
	return it, nil
}

// stringAttr reads a string attribute; an absent one is "" unless required.
func stringAttr(m map[string]types.AttributeValue, name string, required bool) (string, error) {
	av, ok := m[name]
	if !ok {
		if required {
			return "", fmt.Errorf("malformed item: attribute %q missing", name)
		}
		return "", nil
	}
	s, ok := av.(*types.AttributeValueMemberS)
	if !ok {
		return "", fmt.Errorf("malformed item: attribute %q is not a string", name)
	}
	return s.Value, nil
}

// numberAttr reads an integer attribute; an absent one is 0.
func numberAttr(m map[string]types.AttributeValue, name string) (int64, error) {
	av, ok := m[name]
	if !ok {
		return 0, nil
	}
	n, ok := av.(*types.AttributeValueMemberN)
	if !ok {
		return 0, fmt.Errorf("malformed item: attribute %q is not a number", name)
	}
	v, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("malformed item: attribute %q: %w", name, err)
	}
	return v, nil
}
