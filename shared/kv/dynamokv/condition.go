package dynamokv

import (
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// The condition expressions. An item is live while it exists and either has
// no expiry or expires after now (whole seconds, as kv.Expired reads them
// for an expiry kept to the second). notLive is its negation, spelled out so
// that no server has to support NOT.
const (
	exprLive    = "attribute_exists(#pk) AND (attribute_not_exists(#exp) OR #exp > :now)"
	exprNotLive = "attribute_not_exists(#pk) OR (attribute_exists(#exp) AND #exp <= :now)"
)

// condExpr is a condition expression with its attribute names and values.
type condExpr struct {
	expr   string
	names  map[string]string
	values map[string]types.AttributeValue
}

// conditionExpr translates cond at time now; ok is false for kv.Always,
// which needs no expression.
func conditionExpr(cond kv.Condition, now time.Time) (ce condExpr, ok bool) {
	var expr string
	switch {
	case cond.IsAbsent():
		expr = exprNotLive
	case cond.IsExists():
		expr = exprLive
	case cond.IsVersion():
		expr = "(" + exprLive + ") AND #v = :v"
	case cond.IsVersionBelow():
		expr = "(" + exprNotLive + ") OR #v < :v"
	default:
		return condExpr{}, false
	}
	ce = condExpr{
		expr:   expr,
		names:  map[string]string{"#pk": attrPK, "#exp": attrExpires},
		values: map[string]types.AttributeValue{":now": number(now.Unix())},
	}
	if cond.IsVersion() || cond.IsVersionBelow() {
		ce.names["#v"] = attrVersion
		ce.values[":v"] = number(cond.Version())
	}
	return ce, true
}

// number is an integer attribute value.
func number(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}
