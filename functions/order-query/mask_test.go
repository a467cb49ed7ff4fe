package function

import (
	"encoding/json"
	"testing"

	"github.com/ordercenter/ordercenter/shared/order"
)

var merchantActor = order.Actor{Role: order.RoleMerchant, ID: "m-1", StoreID: "s-1"}

// checkMasked checks that the served JSON of a record with these texts is
// the record as MaskedFor gives it, and whether the byte path took it.
func checkMasked(t *testing.T, phone, name, note string) {
	rec := order.Record{OrderID: "o-1", Status: order.StatusPaid, Note: note,
		Delivery: order.Delivery{Name: name, Phone: phone, Address: `"phone":"1"`}}
	raw, err := json.Marshal(rec)
	if err != nil {
		t.Skip()
	}
	var buf []byte
	served, err := maskedJSON(&buf, raw, merchantActor)
	if err != nil {
		t.Fatalf("mask: %v", err)
	}
	want, _ := json.Marshal(rec.MaskedFor(merchantActor))
	var got, wantRec order.Record
	if json.Unmarshal(served, &got) != nil || json.Unmarshal(want, &wantRec) != nil || got.Delivery != wantRec.Delivery || got.Note != wantRec.Note {
		t.Fatalf("phone %q name %q note %q: served %s, want %s", phone, name, note, served, want)
	}
}

func TestMaskingTheStoredJSON(t *testing.T) {
	for _, c := range [][3]string{
		{"13800001234", "Li", ""},
		{"", "Li", ""},
		{"+86 138-0000-1234", "Li", "call"},
		{`13800"001234`, `"phone":"x"`, `","phone":"0"`},
		{"<138>&1234", "Li", ""},
		{"一二三四五六七八", "王", "phone"},
		{"12", "Li", `"phone":`},
	} {
		checkMasked(t, c[0], c[1], c[2])
	}
	raw := []byte(`{"delivery":{"phone":"13800001234"},"other":{"phone":"13800001234"}}`)
	if _, ok := appendMaskedPhone(nil, raw); ok {
		t.Error("two phone keys masked on the byte path")
	}
	for _, role := range []order.Role{order.RoleUser, order.RoleService} {
		rec, _ := json.Marshal(order.Record{Delivery: order.Delivery{Phone: "13800001234"}})
		if served, _ := maskedJSON(new([]byte), rec, order.Actor{Role: role, ID: "x"}); string(served) != string(rec) {
			t.Errorf("%s served %s", role, served)
		}
	}
}

func FuzzMaskingTheStoredJSON(f *testing.F) {
	f.Add("13800001234", "Li", "")
	f.Add(`1"2\3`, `"phone":"`, "\u2028")
	f.Fuzz(checkMasked)
}
