package orderstore

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ordercenter/ordercenter/shared/kv"
	"github.com/ordercenter/ordercenter/shared/order"
)

// assertConverged checks that every copy, the timeline, the events and the
// intents of an order agree with its master record.
func assertConverged(t *testing.T, s kv.Store, repo *Repository, id string, pub *recordingPublisher) order.Record {
	t.Helper()
	ctx := context.Background()
	m, err := repo.loadMaster(ctx, id)
	if err != nil {
		t.Fatalf("master of %s: %v", id, err)
	}
	rec := m.Order
	assertCopy(t, s, userPK(rec.UserID), rec, "")
	assertCopy(t, s, storeDayPK(rec.StoreID, rec.StoreDay), rec, storeStatusSK2(rec.Status, id))
	assertTimeline(t, repo, rec)
	assertTimer(t, s, repo, rec)
	if left := intentsOf(t, s, repo, id); len(left) != 0 {
		t.Errorf("intents left for %s: %v", id, left)
	}
	if pub != nil {
		assertPublished(t, pub, rec)
	}
	return rec
}

func assertCopy(t *testing.T, s kv.Store, pk string, want order.Record, sk2 string) {
	t.Helper()
	it, err := s.Get(context.Background(), pk, want.OrderID)
	if err != nil {
		t.Fatalf("copy %s of %s: %v", pk, want.OrderID, err)
	}
	var got order.Record
	if err := json.Unmarshal(it.Data, &got); err != nil {
		t.Fatal(err)
	}
	if it.Version != want.Version || !sameJSON(got, want) || it.SK2 != sk2 {
		t.Errorf("copy %s is at version %d (sk2 %q), master at %d (sk2 %q)\n got %+v\nwant %+v",
			pk, it.Version, it.SK2, want.Version, sk2, got, want)
	}
}

func assertTimeline(t *testing.T, repo *Repository, rec order.Record) {
	t.Helper()
	changes, err := repo.Timeline(context.Background(), rec.OrderID)
	if err != nil {
		t.Fatalf("timeline: %v", err)
	}
	if int64(len(changes)) != rec.Version {
		t.Fatalf("timeline has %d entries, order is at version %d", len(changes), rec.Version)
	}
	for i, c := range changes {
		if c.Version != int64(i+1) {
			t.Errorf("timeline entry %d is version %d", i, c.Version)
		}
	}
	if last := changes[len(changes)-1]; last.To != "" && last.To != rec.Status.String() {
		t.Errorf("last timeline entry moves to %s, order is %s", last.To, rec.Status)
	}
}

// assertPublished checks that each committed version's events went out and
// that no event of an uncommitted change did.
func assertPublished(t *testing.T, pub *recordingPublisher, rec order.Record) {
	t.Helper()
	counts := pub.counts()
	for v := int64(1); v <= rec.Version; v++ {
		id := fmt.Sprintf("%s-%d-1", rec.OrderID, v)
		if counts[id] == 0 {
			t.Errorf("event %s never published", id)
		}
		delete(counts, id)
	}
	for id := range counts {
		if len(id) > len(rec.OrderID) && id[:len(rec.OrderID)] == rec.OrderID {
			t.Errorf("event %s published for a change that never committed", id)
		}
	}
}

func intentsOf(t *testing.T, s kv.Store, repo *Repository, id string) []string {
	t.Helper()
	page, err := s.Query(context.Background(), kv.Query{
		PK: syncPK(orderShard(id, repo.shards)), SKPrefix: intentOrderPrefix(id), Limit: 100})
	if err != nil {
		t.Fatalf("intents of %s: %v", id, err)
	}
	var sks []string
	for _, it := range page.Items {
		sks = append(sks, it.SK)
	}
	return sks
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// assertTimer checks that an order in a timed status has its timer.
func assertTimer(t *testing.T, s kv.Store, repo *Repository, rec order.Record) {
	t.Helper()
	timer, ok := timerOf(rec)
	if !ok {
		return
	}
	it := repo.timerItem(timer)
	if _, err := s.Get(context.Background(), it.PK, it.SK); err != nil {
		t.Errorf("%s timer of order %s: %v", timer.Kind, rec.OrderID, err)
	}
}
