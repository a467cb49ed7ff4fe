package dynamokv

import (
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func TestZZ(t *testing.T) {
	s := newTestStore(t)
	for i, c := range []struct{ random bool; cond kv.Condition }{{false, kv.Always()}, {false, kv.IfAbsent()}, {true, kv.Always()}, {true, kv.IfAbsent()}} {
		it := kv.Item{PK: strings.Repeat("p", 55) + string(rune('a'+i)) + "b", SK: "largest", SK2: "LARGE#1", Version: 1 << 40, ExpiresAt: time.Now().Add(time.Hour)}
		it.Data = make([]byte, kv.MaxIndexedItemBytes-kv.ItemSize(it))
		if c.random {
			rand.Read(it.Data)
		}
		err := s.Put(t.Context(), it, c.cond)
		t.Logf("random %v cond absent %v: size %d: %v", c.random, c.cond.IsAbsent(), kv.ItemSize(it), err)
	}
}
