package function

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ordercenter/ordercenter/shared/order"
)

// phoneKey is how the delivery phone's key and the opening quote of its
// value appear in a record's JSON. In JSON every quote inside a string is
// escaped, and only a key is followed by a colon, so these bytes can only
// be the key itself; order.Record has one "phone" key (delivery.phone).
var phoneKey = []byte(`"phone":"`)

// maskedJSON returns a stored record's JSON as the actor may see it: as
// it is for users, customer service and the system; with the delivery
// phone masked (order.MaskPhone) for merchants and riders, written at the
// end of buf (which the caller may keep appending to: the result stays
// valid). The mask is applied to the bytes when the record has exactly
// one phone key and the phone holds no escape; otherwise the record is
// decoded, masked with Record.MaskedFor and encoded again. Either way the
// result is the same.
func maskedJSON(buf *[]byte, raw json.RawMessage, actor order.Actor) (json.RawMessage, error) {
	if actor.Role != order.RoleMerchant && actor.Role != order.RoleRider {
		return raw, nil
	}
	start := len(*buf)
	if out, ok := appendMaskedPhone(*buf, raw); ok {
		*buf = out
		return out[start:len(out):len(out)], nil
	}
	var rec order.Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("decode stored order: %w", err)
	}
	return json.Marshal(rec.MaskedFor(actor))
}

// appendMaskedPhone appends a record's JSON with its phone masked to dst,
// or says it cannot (no phone key, two of them, or escapes in the phone).
func appendMaskedPhone(dst, raw []byte) ([]byte, bool) {
	i := bytes.Index(raw, phoneKey)
	if i < 0 {
		return dst, false
	}
	start := i + len(phoneKey)
	n := bytes.IndexByte(raw[start:], '"')
	if n < 0 {
		return dst, false
	}
	end := start + n
	phone := raw[start:end]
	if bytes.IndexByte(phone, '\\') >= 0 || bytes.Contains(raw[end:], phoneKey) {
		return dst, false
	}
	dst = append(dst, raw[:start]...)
	dst = append(dst, order.MaskPhone(string(phone))...)
	return append(dst, raw[end:]...), true
}
