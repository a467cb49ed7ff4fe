#!/usr/bin/env bash
# Walks an order through its life against a running order center
# (`go run ./cmd/ordercenter`): place it (the README's order of noodles with
# options and a tip, priced by the server), pay it through the sandbox
# provider, let the merchant accept it, read it back with its timeline, and
# show the pushes the sandbox gateway received.
# Usage: bash scripts/walkthrough.sh [base URL, default http://127.0.0.1:8080] [data dir, default ./.data]
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
DATA=${2:-./.data}
cd "$(dirname "$0")/.."
go build -o /tmp/ordercenter-cli ./cmd/ordercenter
token() { /tmp/ordercenter-cli token --data "$DATA" "$@"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
USER_TOKEN=$(token --role user --sub u-1)
MERCHANT_TOKEN=$(token --role merchant --sub m-1 --store s-noodle-bar)

echo "== place an order (u-1, two large hot bowls of biangbiang noodles with an egg at s-noodle-bar, a tip of 300)"
ORDER=$(curl -sf -XPOST "$BASE/function/place-order" -H "Authorization: Bearer $USER_TOKEN" \
	-H "Idempotency-Key: walk-$(date +%s%N)" -H 'Content-Type: application/json' \
	-d '{"store_id":"s-noodle-bar","items":[{"sku_id":"biangbiang-noodles","qty":2,
	       "options":[{"group_id":"size","option_id":"large"},{"group_id":"spice","option_id":"hot"},
	                  {"group_id":"add-ons","option_id":"egg"}]}],
	     "delivery":{"name":"Li","phone":"13800001234","address":"1 Renmin Ave","lat":31.2304,"lng":121.4737},
	     "tip":300}')
ID=$(echo "$ORDER" | field "['order_id']")
TOTAL=$(echo "$ORDER" | field "['amounts']['total']")
echo "order $ID, status $(echo "$ORDER" | field "['status']"), $(echo "$ORDER" | field "['delivery']['distance_m']") m away"
echo "$ORDER" | python3 -c "import json,sys; o=json.load(sys.stdin)
for l in o['items']: print(' ', l['qty'], 'x', l['name'], '(' + ', '.join(x['name'] for x in l.get('options', [])) + ')', 'at', l['unit_price'])
print(' ', ', '.join(k + ' ' + str(v) for k, v in o['amounts'].items() if k not in ('paid', 'refunded')))"
if [ "$TOTAL" != 6600 ]; then
	echo "total $TOTAL, want 6600 (docs/catalog.md computes it by hand)" >&2
	exit 1
fi

echo "== pay it: the sandbox provider sends a signed payment.succeeded webhook to pay-callback"
curl -sf -XPOST "$BASE/sandbox/payments/pay" -H 'Content-Type: application/json' \
	-d "{\"order_id\":\"$ID\",\"amount\":$TOTAL}" | field "['webhook']"

echo "== the merchant accepts it"
curl -sf -XPOST "$BASE/function/order-action/orders/$ID/accept" -H "Authorization: Bearer $MERCHANT_TOKEN" |
	field "['status']"

echo "== the user reads it back, with its timeline"
curl -sf "$BASE/function/order-query/orders/$ID" -H "Authorization: Bearer $USER_TOKEN" | field "['status']"
curl -sf "$BASE/function/order-query/orders/$ID/timeline" -H "Authorization: Bearer $USER_TOKEN" |
	python3 -c "import json,sys; [print(' ', e['at'], e['type'], e.get('from') or '-', '->', e.get('to')) for e in json.load(sys.stdin)]"

echo "== pushes the sandbox gateway received"
sleep 1
for who in user:u-1 merchant:s-noodle-bar; do
	curl -sf "$BASE/sandbox/push/notifications?recipient=$who" |
		python3 -c "import json,sys; [print(' ', n['recipient']['kind'], '|', n['title'], '|', n['body']) for n in json.load(sys.stdin)]"
done
