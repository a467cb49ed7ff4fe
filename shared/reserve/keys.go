package reserve

// keys makes the Redis keys of one prefix.
type keys struct{ p string }

// stock is the sku's store-day bitmap: bit i set while slot i is held.
func (k keys) stock(store, day, sku string) string {
	return k.p + "stockslots:" + store + ":" + day + ":" + sku
}

// verified marks a refusal of the key's resource as checked against the
// store a moment ago.
func (k keys) verified(key string) string        { return k.p + "verified:" + key }
func (k keys) coupon(user, coupon string) string { return k.p + "coupon:" + user + ":" + coupon }
func (k keys) hold(orderID string) string        { return k.p + "hold:" + orderID }
func (k keys) pending() string                   { return k.p + "holds:pending" }
func (k keys) unpaid(user string) string         { return k.p + "unpaid:" + user }
func (k keys) live(user string) string           { return k.p + "live:" + user }
