#!/usr/bin/env bash
# Load on the server: `corroborate serve` on loopback, 50 concurrent clients
# in a second process, 20,000 requests (90 % reads, 10 % reviews), with a
# login flood (wrong passwords from many loopback addresses) beside them.
# Prints throughput, p50/p90/p99/max latency and the flood's rate, and fails
# on any failed request, any lost review, or a read p99 of 100 ms or more.
#
#   bash bench/load.sh [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
LOAD_REQUESTS=${1:-20000} LOAD_ASSERT_P99=1 cargo test --release -p corroborate --test load -- --nocapture 2>&1 | grep -E "^load:|test result|panicked|failed"
