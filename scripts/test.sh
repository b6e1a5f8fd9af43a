#!/usr/bin/env bash
# The test command the README names: builds and runs every test of the default build.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets --locked
cargo test --doc --locked
