#!/usr/bin/env bash
# Verifies the OpenFaaS packaging without Docker: builds faas-cli from its Go
# module at a pinned version, writes every function's build context with
# `faas-cli build --shrinkwrap`, and compiles each context with the same
# script its Dockerfile runs (template/ordercenter-go/build.sh), so a broken
# context (a missing package, a function that does not compile as the
# image would build it) fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/testenv.sh

# faas-cli publishes tags without the "v" Go modules need; this pseudo-version
# is the newest the module proxy serves (it has build --shrinkwrap and
# configuration.copy).
FAAS_CLI_VERSION=v0.0.0-20211012083206-08e3e965c831

install_faas_cli() {
	[ -x "$TOOLS/faas-cli" ] && return
	local scratch
	scratch=$(mktemp -d)
	(cd "$scratch" && go mod init faas-cli-build >/dev/null 2>&1 &&
		GOFLAGS=-mod=mod go get "github.com/openfaas/faas-cli@$FAAS_CLI_VERSION" >/dev/null 2>&1 &&
		GOFLAGS=-mod=mod go build -o "$TOOLS/faas-cli" github.com/openfaas/faas-cli)
	rm -rf "$scratch"
}

mkdir -p "$TOOLS"
install_faas_cli
out=$(mktemp -d)
trap 'rm -rf "$out" build' EXIT
rm -rf build
"$TOOLS/faas-cli" build --shrinkwrap -f stack.yml >"$out/shrinkwrap.log" 2>&1 || { cat "$out/shrinkwrap.log"; exit 1; }
for ctx in build/*/; do
	name=$(basename "$ctx")
	sh "$ctx/build.sh" "$ctx" "$out/$name" "$name"
	echo "built $name: $(du -h "$out/$name" | cut -f1)"
done
