#!/usr/bin/env bash
# The deployment rehearsal (issue 14, item 5): the order center as
# docs/deploy.md deploys it, without Docker or OpenFaaS. Every function is
# built from its shrinkwrapped context as its Dockerfile builds it
# (build_functions in scripts/testenv.sh) and run as its own process in the
# template's own HTTP mode (of-watchdog is not served by the module proxy),
# on its own PORT, with only the environment and the secrets stack.yml
# gives it; beside them DynamoDB Local, redis-server (asking the password
# of the secret redis-password) and a nats-server with
# JetStream, the table and streams made by ocadmin, the connector
# (cmd/connector, STACK_FILE=stack.yml) and a gateway (scripts/rehearsal)
# routing /function/<name> to the processes and serving the demo catalog
# and the sandbox payment provider and push gateway.
#
# Against it: the README walkthrough; a batch of 50 orders placed and paid,
# each read back PAID and pushed to its user and its merchant; a refund
# asked by service, carried out by the sandbox provider; push-notify killed
# (SIGKILL) during a second batch and started again, after which every
# event it missed is delivered; the sweeper called by the connector's
# scheduler on the stack's schedule; no event dead-lettered. The stack says every minute and the
# rehearsal keeps it: the checks before take about a minute anyway, so
# waiting for the first tick costs at most a few seconds more, and a
# shortened schedule would rehearse a stack that is not deployed.
# Everything started is stopped on exit, also on failure, when the logs of
# every process are printed.
# Usage: bash scripts/rehearsal.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/testenv.sh

began=$SECONDS
work=$(mktemp -d)
mkdir -p "$work/logs" "$work/tools"
declare -A PORTS PIDOF

finish() {
	local rc=$?
	if [ "$rc" -ne 0 ]; then
		for log in "$work"/logs/*.log; do
			echo "---- $(basename "$log") (last 40 lines)"
			tail -n 40 "$log"
		done
		echo "rehearsal FAILED after $((SECONDS - began)) s"
	fi
	stop_servers
	rm -rf "$work" build
	exit "$rc"
}
trap finish EXIT

step() { echo "== $* ($((SECONDS - began)) s)"; }

step "build every function from its shrinkwrapped context, the connector, ocadmin and the gateway"
install_tools
build_functions "$work/bin"
go build -o "$work/tools/" ./cmd/connector ./cmd/ocadmin ./scripts/rehearsal
rehearsal=$work/tools/rehearsal

step "DynamoDB Local, redis-server asking a password, nats-server with JetStream; the table and the streams"
secrets=$work/data/secrets
mkdir -p "$secrets"
# the secret redis-password the stack mounts where Redis is used
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$secrets/redis-password"
start_dynamodb_local
start_redis "$secrets/redis-password"
start_nats "$work/nats"
export DYNAMODB_ENDPOINT=$DYNAMODB_LOCAL DYNAMODB_TABLE=rehearsal
"$work/tools/ocadmin" create-table >/dev/null
"$work/tools/ocadmin" create-streams >/dev/null

step "fresh secrets; each function's environment and secrets as stack.yml gives them"
PORTS[gateway]=$(free_port)
base=http://127.0.0.1:${PORTS[gateway]}
export CATALOG_URL=$base/sandbox/catalog PAYMENT_PROVIDER_URL=$base/sandbox/payments \
	PUSH_GATEWAY_URL=$base/sandbox/push
"$rehearsal" stage -stack stack.yml -secrets "$secrets" -out "$work/fn"
functions=$(ls "$work/fn")

# start_function NAME: runs the function's binary with nothing but its
# stack environment, its secrets directory and its PORT.
start_function() {
	local name=$1 vars=()
	mapfile -t vars <"$work/fn/$name/env"
	env -i PATH="$PATH" "${vars[@]}" PORT="${PORTS[$name]}" "$work/bin/$name" >>"$work/logs/$name.log" 2>&1 &
	PIDOF[$name]=$!
	PIDS+=($!)
}

step "start the functions, the gateway and the connector"
routes=()
for name in $functions; do
	PORTS[$name]=$(free_port)
	routes+=(-function "$name=${PORTS[$name]}")
	start_function "$name"
done
"$rehearsal" gateway -addr "127.0.0.1:${PORTS[gateway]}" -secrets "$secrets" "${routes[@]}" >"$work/logs/gateway.log" 2>&1 &
PIDS+=($!)
mkdir -p "$work/connector"
cp "$secrets/event-signing-secret" "$work/connector/"
env -i PATH="$PATH" NATS_URL="$NATS_URL" GATEWAY_URL="$base" STACK_FILE=stack.yml SECRETS_DIR="$work/connector" \
	"$work/tools/connector" >"$work/logs/connector.log" 2>&1 &
PIDS+=($!)
for name in $functions gateway; do wait_port "${PORTS[$name]}" "$name"; done

step "the README walkthrough"
bash scripts/walkthrough.sh "$base" "$work/data"

step "a batch of 50 orders, placed and paid"
"$rehearsal" batch -url "$base" -secrets "$secrets" -n 50 -prefix batch

step "a refund asked by service"
"$rehearsal" refund -url "$base" -secrets "$secrets" -prefix refund

step "push-notify killed during a batch of 30 orders, then started again"
"$rehearsal" batch -url "$base" -secrets "$secrets" -n 30 -prefix kill &
batch=$!
sleep 0.5
{ kill -KILL "${PIDOF[push-notify]}" && wait "${PIDOF[push-notify]}"; } 2>/dev/null || true
# down until the connector has had 20 of its deliveries refused (the
# gateway answers 502 for a function whose process is gone)
"$rehearsal" calls -url "$base" -function push-notify -status 502 -min 20 -wait 60s
start_function push-notify
wait "$batch"

step "the sweeper, called by the connector's scheduler on the stack's schedule"
"$rehearsal" calls -url "$base" -function sweeper -status 2xx -min 1 -wait 70s

step "nothing dead-lettered; the consumers"
dlq=$("$work/tools/ocadmin" dlq list)
echo "$dlq" | tail -n 1
echo "$dlq" | grep -q '^0 shown of 0 dead letters' || { echo "$dlq"; exit 1; }
"$work/tools/ocadmin" consumers

for name in $functions; do
	kill -0 "${PIDOF[$name]}" 2>/dev/null || { echo "function $name is no longer running"; exit 1; }
done
echo "rehearsal passed in $((SECONDS - began)) s"
