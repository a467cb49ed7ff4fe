package function

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/guard"
)

// Catalog is what place-order asks of the catalog service; a
// *catalog.Client is one.
type Catalog interface {
	GetStore(ctx context.Context, id string) (catalog.Store, error)
	GetItems(ctx context.Context, storeID string, ids []string) ([]catalog.Item, error)
	GetCoupon(ctx context.Context, userID, couponID string) (catalog.Coupon, error)
}

// notFound is how a cached "the catalog does not know it" is spelled.
const notFound = "null"

// lookups reads the catalog through the cache, each kind of call under
// its own deadline and breaker, concurrent misses of one key collapsed.
type lookups struct {
	client                Catalog
	cache                 *guard.Cache
	flight                guard.Group
	store, items, coupons *guard.Dependency
}

// cached returns the value under key from the cache, or loads it with
// load (a catalog.ErrNotFound is cached too) and caches it.
func cached[T any](ctx context.Context, l *lookups, key string, load func(context.Context) (T, error)) (T, error) {
	var v T
	if got, _ := l.cache.GetMany(ctx, []string{key}); got[key] != nil {
		return v, decodeCached(got[key], &v)
	}
	loaded, err := l.flight.Load(ctx, key, func(ctx context.Context) (any, error) {
		v, err := load(ctx)
		if err != nil && !errors.Is(err, catalog.ErrNotFound) {
			return v, err
		}
		raw := []byte(notFound)
		if err == nil {
			raw, _ = json.Marshal(v)
		}
		_ = l.cache.SetMany(ctx, map[string][]byte{key: raw}) // a cache that cannot keep it is a miss next time
		return v, err
	})
	v, _ = loaded.(T)
	return v, err
}

func decodeCached(raw []byte, v any) error {
	if string(raw) == notFound {
		return catalog.ErrNotFound
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("cached entry: %w", err)
	}
	return nil
}

func (l *lookups) getStore(ctx context.Context, id string) (catalog.Store, error) {
	return cached(ctx, l, "store:"+id, func(ctx context.Context) (catalog.Store, error) {
		return guard.Do(ctx, l.store, func(ctx context.Context) (catalog.Store, error) { return l.client.GetStore(ctx, id) })
	})
}

func (l *lookups) getCoupon(ctx context.Context, userID, couponID string) (catalog.Coupon, error) {
	return cached(ctx, l, "coupon:"+userID+":"+couponID, func(ctx context.Context) (catalog.Coupon, error) {
		return guard.Do(ctx, l.coupons, func(ctx context.Context) (catalog.Coupon, error) {
			return l.client.GetCoupon(ctx, userID, couponID)
		})
	})
}

// getItems returns the store's items among skus, by sku; skus the
// catalog does not know are absent. Each sku is cached on its own.
func (l *lookups) getItems(ctx context.Context, storeID string, skus []string) (map[string]catalog.Item, error) {
	keys := make([]string, len(skus))
	for i, s := range skus {
		keys[i] = "item:" + storeID + ":" + s
	}
	got, _ := l.cache.GetMany(ctx, keys)
	items := make(map[string]catalog.Item, len(skus))
	var missing []string
	for i, s := range skus {
		var it catalog.Item
		switch err := decodeCached(got[keys[i]], &it); {
		case got[keys[i]] == nil:
			missing = append(missing, s)
		case err == nil:
			items[s] = it
		}
	}
	if len(missing) == 0 {
		return items, nil
	}
	fetched, err := l.fetchItems(ctx, storeID, missing)
	for s, it := range fetched {
		items[s] = it
	}
	return items, err
}

func (l *lookups) fetchItems(ctx context.Context, storeID string, skus []string) (map[string]catalog.Item, error) {
	key := "items:" + storeID + ":" + strings.Join(skus, ",")
	loaded, err := l.flight.Load(ctx, key, func(ctx context.Context) (any, error) {
		list, err := guard.Do(ctx, l.items, func(ctx context.Context) ([]catalog.Item, error) {
			return l.client.GetItems(ctx, storeID, skus)
		})
		if errors.Is(err, catalog.ErrNotFound) { // unknown store: the store lookup says so
			return map[string]catalog.Item{}, nil
		}
		if err != nil {
			return nil, err
		}
		found := make(map[string]catalog.Item, len(list))
		toCache := make(map[string][]byte, len(skus))
		for _, s := range skus {
			toCache["item:"+storeID+":"+s] = []byte(notFound)
		}
		for _, it := range list {
			found[it.SKUID] = it
			toCache["item:"+storeID+":"+it.SKUID], _ = json.Marshal(it)
		}
		_ = l.cache.SetMany(ctx, toCache)
		return found, nil
	})
	found, _ := loaded.(map[string]catalog.Item)
	return found, err
}
