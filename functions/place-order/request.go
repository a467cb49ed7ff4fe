package function

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// Request is the body of POST /function/place-order (contract section
// 6). Prices, fees and discounts are not fields: a client sending them is
// refused (unknown field).
type Request struct {
	StoreID  string        `json:"store_id"`
	Items    []ItemRequest `json:"items"`
	Delivery Delivery      `json:"delivery"`
	CouponID string        `json:"coupon_id,omitempty"`
	Note     string        `json:"note,omitempty"`
	// ExpectedTotal is the total the client showed the user; when given
	// and different from the server's, the order is refused with
	// price_changed and the server's amounts.
	ExpectedTotal *int64 `json:"expected_total,omitempty"`
}

// ItemRequest is one line: a sku and how many.
type ItemRequest struct {
	SKU string `json:"sku_id"`
	Qty int    `json:"qty"`
}

// Delivery is where and to whom the order goes.
type Delivery struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Address string `json:"address"`
}

// decodeRequest reads the body strictly: at most MaxBodyBytes (checked
// before any decoding), one JSON object, unknown fields refused and
// named.
func decodeRequest(body []byte, contentType string) (Request, error) {
	if len(body) > httpapi.MaxBodyBytes {
		return Request{}, httpapi.Invalid("body", fmt.Sprintf("larger than %d bytes", httpapi.MaxBodyBytes))
	}
	if contentType != "" && !strings.HasPrefix(contentType, "application/json") {
		return Request{}, httpapi.Invalid("Content-Type", "must be application/json")
	}
	var r Request
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Request{}, describe(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Request{}, httpapi.Invalid("body", "more than one JSON value")
	}
	return r, nil
}

// describe turns a decoding error into a problem naming the field.
func describe(err error) *httpapi.Problem {
	var typ *json.UnmarshalTypeError
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return httpapi.Invalid("body", "empty")
	case errors.As(err, &syn):
		return httpapi.Invalid("body", fmt.Sprintf("not valid JSON (at byte %d)", syn.Offset))
	case errors.As(err, &typ) && typ.Field == "":
		return httpapi.Invalid("body", "must be a JSON object")
	case errors.As(err, &typ):
		return httpapi.Invalid(typ.Field, "has the wrong type")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return httpapi.Invalid(strings.Trim(name, `"`),
			"unknown field (prices, fees and discounts are computed by the server)")
	}
	return httpapi.Invalid("body", "not valid JSON")
}

// hash identifies the request for idempotency: the SHA-256 of its
// canonical JSON, so that spacing and field order do not matter.
func (r Request) hash() string {
	b, _ := json.Marshal(r)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// skus lists the requested skus, in request order.
func (r Request) skus() []string {
	out := make([]string, len(r.Items))
	for i, it := range r.Items {
		out[i] = it.SKU
	}
	return out
}
