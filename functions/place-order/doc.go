// Package function is place-order (contract sections 3, 4, 6 and 13):
// POST /function/place-order, role user, header Idempotency-Key.
//
// # One call
//
//  1. The JWT (401; a role other than user: 403), the Idempotency-Key
//     (1 to 64 of [A-Za-z0-9_-]) and the body are checked before anything
//     is written: at most 64 KiB (checked before decoding; the HTTP edge,
//     httpapi.Server, stops reading just past it), unknown fields refused and named
//     (so a client-sent "price" is a 400 naming "price"), 1 to 50 lines,
//     qty 1 to 99, no line twice (a sku with the same options), at most
//     20 options a line, none twice, store, sku, option group, option and
//     coupon ids of 1 to 64 safe characters, delivery name 1 to 50
//     characters, address 1 to 200, phone 7 to 15 digits with an optional
//     leading +, lat and lng together and on Earth, note at most 200
//     characters, expected_total at least 1, tip 0 to 10000. Every
//     problem is listed, field by field, in one 400.
//  2. Idempotency: the key is scoped to the user and kept 25 h, in Redis
//     (package idempotency, the fast path) and in the store (the order
//     repository's key record, written with the order: the record). The
//     order id is chosen here (order.NewID, time-ordered), once per key,
//     and saved with Redis's in-progress record. What Redis knows is
//     answered at once: after a 201, the same status and body with
//     Idempotent-Replayed: true; while the first runs, 409
//     request_in_progress; with another body (compared by the SHA-256
//     of the canonical request), 422 idempotency_key_reused. A key Redis
//     calls new (also when Redis lost it: a restart, FLUSHALL, eviction,
//     failover) is looked up in the store before anything is held: an
//     order created under it is replayed (and Redis told again), another
//     body is 422, an order still being written is 409, and an order
//     whose writer died before storing it (its key record written, its
//     order not, DefaultHealAge ago) is created again under the same id,
//     never as a second order. The order is then written together with
//     its key record and its first answer (orderstore CreateOnce), so
//     two requests that both got past a forgetful Redis still make one
//     order: the loser releases what it held and answers as the winner
//     (a replay, 422, or 409 while the winner's order is written).
//     Refusals (4xx) are not saved, in Redis or in the store: they free
//     the key, as Powertools does, so the client may fix the request (a
//     new expected_total after price_changed) and retry under the same
//     key; a refused request repeated after Redis lost its data is
//     computed again and may be answered differently (the stock or
//     prices may have moved). A failure after which the order may exist
//     (the store did not confirm the write) answers 503 and keeps the
//     order id, so the retry finishes that order, never a second one; so
//     does a retry after a crash, once the 10 s lease of the dead
//     attempt has run out (30 s when it died between its key record and
//     its order, on a store without transactions). None of this waits
//     for the rate limits: a repeat creates nothing.
//  3. The abuse limits (package ratelimit): per user and per client
//     address, 429 rate_limited with Retry-After, for a request that
//     would create an order (its in-progress record is dropped again;
//     such a call has cost a Redis script and a store read by then).
//     The address is the right-most X-Forwarded-For entry (the one the
//     gateway appended; the ones left of it are the client's to forge),
//     or the connection's. Redis failing lets the call through: the
//     limits are not correctness.
//  4. The store, the items, the coupon (catalog, cached 5 s in Redis and
//     1 s in the process) and the user's first-order standing are read
//     concurrently, each with its own deadline (300 ms) and circuit
//     breaker. Catalog unavailable (or its breaker open): 503
//     dependency_unavailable with Retry-After, at once. Coupon lookup
//     unavailable: 503 too, since dropping the coupon the user chose
//     would charge more than shown. First-order standing unavailable: the
//     order is priced without the first-order waiver.
//  5. Pricing (contract section 13 and the project's additions,
//     docs/catalog.md: options, delivery by distance, free delivery,
//     small orders, packing per unit, tips; price, in pricing.go, is a
//     pure function of the request and the catalog's answers), refusals
//     in this order: store closed 409 store_closed; unknown skus 404
//     not_found naming each line; unavailable items 409 out_of_stock
//     naming each line; options the items do not offer as chosen 400
//     naming each (chooseOptions); a tip above the items 400 naming
//     "tip"; items below min_order 409 below_min_order, unless the store
//     takes small orders for its surcharge; at a store pricing delivery
//     by distance, an address without lat and lng 400 naming
//     "delivery.lat", and one beyond the last band 409
//     out_of_delivery_range; a coupon that is not the user's, expired,
//     under its min_spend or held by another order 409 coupon_unusable;
//     expected_total different from the total 409 price_changed, whose
//     error object carries "amounts" (the server's amounts, as in the
//     order resource). The total is max(1, items + packing_fee +
//     delivery_fee + small_order_fee - discount) + tip.
//  6. Holds (package reserve, all or nothing: a Lua script per hash slot,
//     the order's, the user's and the store-day's, in one pipeline): units of
//     limited items for the store-local day (409 out_of_stock naming the
//     line when one would pass its daily_limit), the coupon, a place among
//     the user's unpaid orders (MAX_UNPAID_ORDERS: 409 conflict "too many
//     unpaid orders"; a state the user resolves by paying or cancelling,
//     not by waiting, so not a 429) and the order's count in the
//     first-order standing (a concurrent first order makes this one
//     priced again without the waiver).
//  7. The order is written through the order repository (master, copies,
//     timeline, key record, order.created on NATS) and answered 201: the order
//     resource (phone in clear for its user) plus "payment":
//     {"deadline"}, PAY_TIMEOUT after now.
//
// Holds are confirmed on order.paid and released on order.cancelled by
// the holds function; holds that no order came to stand behind are
// released by reserve.OrphanTask in the sweeper.
//
// Handle is the OpenFaaS entry point; Build makes the function over the
// order center's parts (package app), the same for a deployment and the
// local runner; New builds the use case over given parts (tests).
package function
