package function

import (
	"fmt"
	"math"

	"github.com/ordercenter/ordercenter/shared/catalog"
	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// CodeOutOfRange refuses an address beyond the last of the store's
// delivery bands (409, a project addition to contract section 4).
const CodeOutOfRange httpapi.Code = "out_of_delivery_range"

// earthRadiusM is the Earth's mean radius, in metres (IUGG).
const earthRadiusM = 6371008.8

// distanceM is the great-circle distance between two points, in whole
// metres (haversine).
func distanceM(a, b catalog.Location) int {
	rad := func(deg float64) float64 { return deg * math.Pi / 180 }
	dLat, dLng := rad(b.Lat-a.Lat), rad(b.Lng-a.Lng)
	h := math.Pow(math.Sin(dLat/2), 2) + math.Cos(rad(a.Lat))*math.Cos(rad(b.Lat))*math.Pow(math.Sin(dLng/2), 2)
	return int(math.Round(2 * earthRadiusM * math.Asin(math.Sqrt(min(1, h)))))
}

// bandFee is the fee of the nearest band that reaches distance metres;
// ok is false beyond the last.
func bandFee(bands []catalog.DeliveryBand, distance int) (fee int64, ok bool) {
	for _, b := range bands {
		if distance <= b.UpToM {
			return b.Fee, true
		}
	}
	return 0, false
}

// deliveryFee is the order's delivery fee and the distance measured from
// the store to the address (nil without both locations): the fee of the
// distance's band when the store prices by distance (the address must
// then be located: 400 naming delivery.lat; beyond the last band: 409
// out_of_delivery_range), else the store's flat fee; nothing when the
// items reach the store's free_delivery_over.
func deliveryFee(s catalog.Store, d Delivery, items int64) (int64, *int, error) {
	var distance *int
	if s.Location != nil && d.Lat != nil && d.Lng != nil {
		m := distanceM(*s.Location, catalog.Location{Lat: *d.Lat, Lng: *d.Lng})
		distance = &m
	}
	fee := s.DeliveryFee
	if s.DistanceBands() {
		if distance == nil {
			return 0, nil, httpapi.Invalid("delivery.lat", "required (with delivery.lng): the store prices delivery by distance")
		}
		var ok bool
		if fee, ok = bandFee(s.DeliveryBands, *distance); !ok {
			reach := s.DeliveryBands[len(s.DeliveryBands)-1].UpToM
			why := fmt.Sprintf("the address is %d m from the store, which delivers up to %d m", *distance, reach)
			return 0, nil, &httpapi.Problem{Code: CodeOutOfRange, Message: why,
				Details: []httpapi.Detail{{Field: "delivery", Problem: why}}}
		}
	}
	if s.FreeDeliveryOver > 0 && items >= s.FreeDeliveryOver {
		fee = 0
	}
	return fee, distance, nil
}

// smallOrderFee is the surcharge of an order whose items are below the
// store's minimum, when the store takes such orders; otherwise such an
// order is refused with 409 below_min_order.
func smallOrderFee(s catalog.Store, items int64) (int64, error) {
	switch {
	case items >= s.MinOrder:
		return 0, nil
	case s.AllowSmallOrder:
		return s.SmallOrderFee, nil
	}
	return 0, &httpapi.Problem{Code: CodeBelowMin,
		Message: fmt.Sprintf("items come to %d, below the store's minimum of %d", items, s.MinOrder)}
}

// checkTip refuses a tip above the items (the request's own bound,
// MaxTip, is validated before).
func checkTip(tip, items int64) error {
	if tip > items {
		return httpapi.Invalid("tip", fmt.Sprintf("at most the items, %d", items))
	}
	return nil
}

// storeFeesInRange reports whether every fee of the store is far from
// overflowing a sum.
func storeFeesInRange(s catalog.Store) bool {
	for _, f := range []int64{s.PackingFee, s.DeliveryFee, s.SmallOrderFee, s.PackingFeePerItem} {
		if f > maxPrice {
			return false
		}
	}
	for _, b := range s.DeliveryBands {
		if b.Fee > maxPrice {
			return false
		}
	}
	return true
}
