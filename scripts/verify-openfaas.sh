#!/usr/bin/env bash
# Verifies the OpenFaaS packaging without Docker: builds faas-cli from its Go
# module at a pinned version, writes every function's build context with
# `faas-cli build --shrinkwrap`, and compiles each context with the same
# script its Dockerfile runs (template/ordercenter-go/build.sh), so a broken
# context (a missing package, a function that does not compile as the
# image would build it) fails here (build_functions in scripts/testenv.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/testenv.sh

out=$(mktemp -d)
trap 'rm -rf "$out" build' EXIT
build_functions "$out"
