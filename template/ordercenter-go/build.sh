#!/bin/sh
# Compiles the function of one build context (the template's main.go plus
# the function/ folder faas-cli prepares) into a static binary. The
# Dockerfile runs it, and CI runs the same script on every context that
# `faas-cli build --shrinkwrap` writes, so what CI compiles is what the image
# would hold.
# Usage: build.sh CONTEXT_DIR OUTPUT_BINARY FUNCTION_NAME
set -eu
ctx=$(cd "$1" && pwd)
out=$2
name=$3
mkdir -p "$ctx/function/cmd/of-handler"
cp "$ctx/main.go" "$ctx/function/cmd/of-handler/main.go"
cd "$ctx/function"
CGO_ENABLED=0 go build -tags openfaas -trimpath -ldflags "-s -w -X main.functionName=$name" -o "$out" ./cmd/of-handler
