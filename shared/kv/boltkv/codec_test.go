package boltkv

import (
	"bytes"
	"cmp"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func TestValueRoundTrip(t *testing.T) {
	for _, it := range []kv.Item{
		{PK: "p", SK: "s"},
		{PK: "p", SK: "s", Data: []byte{}},
		{PK: "p", SK: "s", SK2: "x\x00y", Version: -3, ExpiresAt: time.Unix(-5, 0), Data: []byte{0, 1}},
		{PK: "p", SK: "s", Version: 1 << 62, ExpiresAt: time.Unix(1<<40, 999), Data: []byte("d")},
	} {
		got, err := decodeValue(it.PK, it.SK, encodeValue(it))
		if err != nil {
			t.Fatal(err)
		}
		it.ExpiresAt = it.ExpiresAt.Truncate(time.Second)
		assertItem(t, got, it)
		if (got.Data == nil) != (it.Data == nil) {
			t.Errorf("data %#v came back as %#v", it.Data, got.Data)
		}
	}
}

// FuzzDecodeValue feeds the value decoder what a damaged file might hold:
// it must fail cleanly or decode something that encodes back the same.
func FuzzDecodeValue(f *testing.F) {
	f.Add(encodeValue(kv.Item{SK2: "i", Version: 3, ExpiresAt: time.Unix(9, 0), Data: []byte("x")}))
	f.Add([]byte{valueFormat, flagSK2, 2, 200, 1})
	f.Add([]byte{valueFormat, flagNilData, 0, 1})
	f.Fuzz(func(t *testing.T, v []byte) {
		it, err := decodeValue("p", "s", v)
		if err != nil {
			return
		}
		if again := encodeValue(it); !bytes.Equal(again, v) {
			again2, _ := decodeValue("p", "s", again)
			assertItem(t, again2, it) // non-canonical varints may differ in bytes
		}
	})
}

// FuzzSK2KeyOrder checks that sk2 keys sort as their (SK2, SK) pairs do
// and decode back to them.
func FuzzSK2KeyOrder(f *testing.F) {
	f.Add("a", "s", "a\x00", "s")
	f.Add("a\x00", "x", "a", "y")
	f.Add("\x00\x01", "s", "\x00", "\xff")
	f.Fuzz(func(t *testing.T, sk2a, ska, sk2b, skb string) {
		if sk2a == "" || sk2b == "" {
			return
		}
		ka, kb := sk2Key("p", sk2a, ska), sk2Key("p", sk2b, skb)
		want := cmp.Or(strings.Compare(sk2a, sk2b), strings.Compare(ska, skb))
		if got := bytes.Compare(ka, kb); got != want {
			t.Fatalf("(%q,%q) vs (%q,%q): keys compare %d, pairs %d", sk2a, ska, sk2b, skb, got, want)
		}
		n := len(partition("p"))
		if sk2, sk, err := splitSK2Key(ka, n); err != nil || sk2 != sk2a || sk != ska {
			t.Fatalf("split %q: %q, %q, %v", ka, sk2, sk, err)
		}
	})
}

// FuzzItemKeyPartitions checks that the keys of one partition never fall
// between the keys of another: an item key that begins with a partition's
// prefix belongs to that partition.
func FuzzItemKeyPartitions(f *testing.F) {
	f.Add("p", "s", "pp", "")
	f.Add("p", "\x01", "p\x01", "a")
	f.Fuzz(func(t *testing.T, pka, ska, pkb, skb string) {
		if pka == pkb || pka == "" || pkb == "" {
			return
		}
		if bytes.HasPrefix(itemKey(pkb, skb), partition(pka)) {
			t.Fatalf("item %q/%q falls in partition %q", pkb, skb, pka)
		}
		if pk, sk, err := splitItemKey(itemKey(pka, ska)); err != nil || pk != pka || sk != ska {
			t.Fatalf("split item key of %q/%q: %q, %q, %v", pka, ska, pk, sk, err)
		}
	})
}
