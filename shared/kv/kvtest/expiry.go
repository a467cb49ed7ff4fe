package kvtest

import (
	"fmt"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/kv"
)

func init() {
	suite = append(suite,
		testCase{"expiry/get", testExpiryGet},
		testCase{"expiry/query", testExpiryQuery},
		testCase{"expiry/pages_skip_expired", testPagesSkipExpired},
	)
}

// testExpiryGet reads items that never expire, expire later, expire far in
// the future and have expired: only the last is not found.
func testExpiryGet(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	never, soon, far, gone := item(p, "never"), item(p, "later"), item(p, "far"), item(p, "gone")
	soon.ExpiresAt = later()
	far.ExpiresAt = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	gone.ExpiresAt = earlier()
	for _, it := range []kv.Item{never, soon, far, gone} {
		put(t, s, it, kv.Always())
	}
	wantItem(t, s, never)
	wantItem(t, s, soon)
	wantItem(t, s, far)
	wantAbsent(t, s, p, "gone")
}

// testExpiryQuery mixes expired and live items in one partition: no kind
// of query returns the expired ones.
func testExpiryQuery(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	var all, live []kv.Item
	for i, exp := range []time.Time{{}, earlier(), later(), earlier(), {}, earlier()} {
		it := item(p, fmt.Sprintf("k%d", i))
		it.SK2, it.ExpiresAt = fmt.Sprintf("IDX#%d", 9-i), exp
		all = append(all, it)
		if exp.IsZero() || exp.After(time.Now()) {
			live = append(live, it)
		}
	}
	seed(t, s, all)
	liveKeys := sks(live)
	wantItems(t, "query", query(t, s, kv.Query{PK: p, Limit: 10}).Items, live)
	wantKeys(t, "backward", sks(query(t, s, kv.Query{PK: p, Backward: true, Limit: 10}).Items), reversed(liveKeys))
	wantKeys(t, "prefix", sks(query(t, s, kv.Query{PK: p, SKPrefix: "k", Limit: 10}).Items), liveKeys)
	wantKeys(t, "range", sks(query(t, s, kv.Query{PK: p, SKFrom: "k1", SKTo: "k5", Limit: 10}).Items), liveKeys[1:])
	wantKeys(t, "by SK2", sks(query(t, s, kv.Query{PK: p, BySK2: true, Limit: 10}).Items), reversed(liveKeys))
	wantKeys(t, "pages of 1", sks(readAll(t, s, kv.Query{PK: p, Limit: 1}, len(live))), liveKeys)
}

// testPagesSkipExpired pages through a partition where expired items lie
// between, before and after the live ones. A page that ends at the last
// live item has an empty cursor: expired items count as absent, so nothing
// follows it.
func testPagesSkipExpired(t *testing.T, s kv.Store, _ Features) {
	p := pk(t)
	var all []kv.Item
	var live []string
	for i := range 40 {
		it := item(p, fmt.Sprintf("k%02d", i))
		it.SK2 = fmt.Sprintf("IDX#%02d", i)
		if i < 5 || i >= 33 || i%3 == 0 {
			it.ExpiresAt = earlier()
		} else {
			live = append(live, it.SK)
		}
		all = append(all, it)
	}
	seed(t, s, all)
	for _, limit := range []int{1, 2, 3, 4, 19, 20} {
		for _, q := range []kv.Query{
			{PK: p, Limit: limit},
			{PK: p, BySK2: true, Limit: limit},
		} {
			name := fmt.Sprintf("limit %d, by SK2 %v", limit, q.BySK2)
			wantKeys(t, name, sks(readAll(t, s, q, len(live))), live)
			q.Backward = true
			wantKeys(t, name+", backward", sks(readAll(t, s, q, len(live))), reversed(live))
		}
	}
}
