package reserve

// keys makes the Redis keys of one prefix.
type keys struct{ p string }

func (k keys) stock(store, day, sku string) string {
	return k.p + "stock:" + store + ":" + day + ":" + sku
}
func (k keys) coupon(user, coupon string) string { return k.p + "coupon:" + user + ":" + coupon }
func (k keys) hold(orderID string) string        { return k.p + "hold:" + orderID }
func (k keys) pending() string                   { return k.p + "holds:pending" }
func (k keys) unpaid(user string) string         { return k.p + "unpaid:" + user }
func (k keys) live(user string) string           { return k.p + "live:" + user }
func (k keys) dayHolds(store, day string) string { return k.p + "dayholds:" + store + ":" + day }
