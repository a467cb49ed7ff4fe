package catalog

// Fees are a store's optional fee rules, the project's additions to
// contract section 13 (docs/catalog.md). Their zero value changes nothing:
// a flat delivery fee, orders below the minimum refused, no packing fee
// per item.
type Fees struct {
	// Location is where the store is; distances to delivery addresses
	// are measured from it. DeliveryBands require it.
	Location *Location `json:"location,omitempty"`
	// DeliveryBands price delivery by distance, nearest band first, each
	// reaching further than the one before; an address beyond the last
	// is out of the store's range (409 out_of_delivery_range). With bands
	// the flat DeliveryFee is not used.
	DeliveryBands []DeliveryBand `json:"delivery_bands,omitempty"`
	// FreeDeliveryOver waives delivery when the items reach it; 0: never.
	FreeDeliveryOver int64 `json:"free_delivery_over,omitempty"`
	// AllowSmallOrder takes orders whose items are below MinOrder,
	// charging SmallOrderFee on them, instead of refusing them with 409
	// below_min_order.
	AllowSmallOrder bool `json:"allow_small_order,omitempty"`
	// SmallOrderFee is the surcharge on an order below MinOrder, when
	// AllowSmallOrder is set.
	SmallOrderFee int64 `json:"small_order_fee,omitempty"`
	// PackingFeePerItem is charged for every unit ordered, beside the
	// PackingFee of the order; an item's own PackingFee replaces it.
	PackingFeePerItem int64 `json:"packing_fee_per_item,omitempty"`
}

// Location is a point on Earth in decimal degrees (WGS 84).
type Location struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// DeliveryBand is the delivery fee of addresses up to UpToM metres from
// the store (and beyond the band before).
type DeliveryBand struct {
	UpToM int   `json:"up_to_m"`
	Fee   int64 `json:"fee"`
}

// DistanceBands reports whether the store prices delivery by distance.
func (f Fees) DistanceBands() bool { return len(f.DeliveryBands) > 0 }

// PackingFeeOf is the packing fee of one unit of the item at the store.
func (f Fees) PackingFeeOf(it Item) int64 {
	if it.PackingFee != nil {
		return *it.PackingFee
	}
	return f.PackingFeePerItem
}
