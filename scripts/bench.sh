#!/usr/bin/env bash
# Runs the store and repository benchmarks on the embedded store and on
# DynamoDB Local (started here on a free loopback port, stopped after).
# Usage: bash scripts/bench.sh [benchtime, default 1000x] [package pattern]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/testenv.sh
BENCHTIME=${1:-1000x}
PACKAGES=${2:-./shared/...}

install_tools
start_dynamodb_local
trap stop_servers EXIT
DYNAMODB_ENDPOINT=$DYNAMODB_LOCAL go test -run '^$' -bench . -benchtime "$BENCHTIME" -benchmem $PACKAGES
