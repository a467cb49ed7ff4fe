#!/usr/bin/env bash
# Walks an order through its life against a running order center
# (`go run ./cmd/ordercenter`): place it, pay it through the sandbox
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
MERCHANT_TOKEN=$(token --role merchant --sub m-1 --store s-lanzhou)

echo "== place an order (u-1, two bowls of beef noodles at s-lanzhou)"
ORDER=$(curl -sf -XPOST "$BASE/function/place-order" -H "Authorization: Bearer $USER_TOKEN" \
	-H "Idempotency-Key: walk-$(date +%s%N)" -H 'Content-Type: application/json' \
	-d '{"store_id":"s-lanzhou","items":[{"sku_id":"beef-noodle-soup","qty":2}],
	     "delivery":{"name":"Li","phone":"13800001234","address":"1 Renmin Rd"}}')
ID=$(echo "$ORDER" | field "['order_id']")
TOTAL=$(echo "$ORDER" | field "['amounts']['total']")
echo "order $ID, total $TOTAL, status $(echo "$ORDER" | field "['status']")"

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
for who in user:u-1 merchant:s-lanzhou; do
	curl -sf "$BASE/sandbox/push/notifications?recipient=$who" |
		python3 -c "import json,sys; [print(' ', n['recipient']['kind'], '|', n['title'], '|', n['body']) for n in json.load(sys.stdin)]"
done
