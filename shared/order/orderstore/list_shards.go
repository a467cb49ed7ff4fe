package orderstore

import (
	"context"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/ordercenter/ordercenter/shared/kv"
)

// queryStoreDay reads a page of a store-day's copies, q being its query as
// if the day were not sharded (partition storeDayPK). A day of one shard
// is that query. A day of n shards is n queries of q's shape, one per
// shard, each from q's cursor and for q's limit, run concurrently and
// merged in q's order; the first limit items are the page.
//
// The cursor is the position of the page's last item in the day's order
// (its sort keys, under the unsharded partition key): the cursor of an
// unsharded day. Each shard's query resumes after that position, whether
// an item of the shard is there or not, so a cursor stays valid across
// any change of the day's shard count, and cursors handed out before
// sharding existed keep working.
func (r *Repository) queryStoreDay(ctx context.Context, storeID, day string, q kv.Query) (kv.Page, error) {
	if err := q.Validate(); err != nil {
		return kv.Page{}, listError(q.PK, err)
	}
	l, err := r.listLayout(ctx, storeID, day)
	if err != nil {
		return kv.Page{}, listError(q.PK, err)
	}
	if l.Shards == 1 {
		return r.queryCopies(ctx, q)
	}
	pages := make([]kv.Page, l.Shards)
	g, gctx := errgroup.WithContext(ctx)
	for shard := range l.Shards {
		g.Go(func() (err error) {
			pages[shard], err = r.queryCopies(gctx, shardQuery(q, storeDayShardPK(storeID, day, shard, l.Shards)))
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return kv.Page{}, err
	}
	return mergePages(q, pages), nil
}

// shardQuery is q on one shard's partition, resuming after q's position.
func shardQuery(q kv.Query, pk string) kv.Query {
	sq := q
	sq.PK = pk
	if q.Cursor != "" {
		pos, _ := q.DecodeCursor() // checked by Validate
		sq.Cursor = kv.EncodeCursor(kv.Item{PK: pk, SK: pos.SK, SK2: pos.SK2}, q.BySK2)
	}
	return sq
}

// mergePages merges the shards' pages in q's order (their sort keys are
// distinct: an order has one copy per layout) and keeps q.Limit items. A
// cursor follows when an item was left out or a shard has more.
func mergePages(q kv.Query, pages []kv.Page) kv.Page {
	var items []kv.Item
	more := false
	for _, p := range pages {
		items = append(items, p.Items...)
		more = more || p.Cursor != ""
	}
	slices.SortFunc(items, func(a, b kv.Item) int {
		c := strings.Compare(sortKey(a, q.BySK2), sortKey(b, q.BySK2))
		if q.Backward {
			return -c
		}
		return c
	})
	if len(items) > q.Limit {
		items, more = items[:q.Limit], true
	}
	out := kv.Page{Items: items}
	if more && len(items) > 0 {
		last := items[len(items)-1]
		out.Cursor = kv.EncodeCursor(kv.Item{PK: q.PK, SK: last.SK, SK2: last.SK2}, q.BySK2)
	}
	return out
}

// sortKey is the key a query orders by.
func sortKey(it kv.Item, bySK2 bool) string {
	if bySK2 {
		return it.SK2
	}
	return it.SK
}
