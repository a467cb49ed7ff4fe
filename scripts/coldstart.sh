#!/usr/bin/env bash
# Measures every function's cold start and memory as its template builds it
# (scripts/coldstart): DynamoDB Local, redis-server and the local runner (for
# NATS, the catalog, the sandbox provider and push gateway, and the secrets)
# are started here, the table created, the handlers compiled from their
# shrinkwrapped build contexts, then each handler is started and measured.
# Usage: bash scripts/coldstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/testenv.sh
install_tools
trap 'stop_servers; rm -rf "$work" build' EXIT
work=$(mktemp -d)
start_dynamodb_local
start_redis

go build -o "$work/ordercenter" ./cmd/ordercenter
port=$(free_port)
REDIS_URL=$REDIS_URL "$work/ordercenter" serve --addr "127.0.0.1:$port" --data "$work/data" >"$work/runner.log" 2>&1 &
PIDS+=($!)
wait_port "$port" "the runner"
base=http://127.0.0.1:$port
nats=$(grep -o '"url":"nats://[^"]*"' "$work/runner.log" | head -n 1 | cut -d'"' -f4)
DYNAMODB_ENDPOINT=$DYNAMODB_LOCAL go run ./cmd/ocadmin create-table --table coldstart >/dev/null

build_functions "$work/bin" >/dev/null

DYNAMODB_ENDPOINT=$DYNAMODB_LOCAL DYNAMODB_TABLE=coldstart NATS_URL=$nats \
	SECRETS_DIR=$work/data/secrets CATALOG_URL=$base/sandbox/catalog \
	PAYMENT_PROVIDER_URL=$base/sandbox/payments PUSH_GATEWAY_URL=$base/sandbox/push \
	RATE_LIMIT_PER_USER=0 RATE_LIMIT_PER_ADDRESS=0 \
	go run ./scripts/coldstart -bin "$work/bin" "$@"
