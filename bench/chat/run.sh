#!/usr/bin/env bash
# chat-service's overhead over devkit's upstream: builds what it needs, creates the bench databases (chat_bench,
# and an identity database of its own), starts identity-service, the packaged devkit and the packaged
# chat-service on free ports of 127.0.0.1, and runs studio.ainative.bench.chat.ChatBench.
# Results: target/results.json and results-<UTC time>.json. Arguments are passed through as key=value
# (e.g. slice=4 rounds=2 warmup=5 for a quick look, jfr=true for a flight recording of chat-service).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common/bench.sh
source "$HERE/../common/bench.sh"
export IDENTITY_TEST_DB_NAME=${IDENTITY_TEST_DB_NAME:-identity_chat_bench}
# The machine is shared: other work steals cycles from every variant and widens the spread.
bench_warn_if_busy
bench_database chat chat_bench
bench_database identity "$IDENTITY_TEST_DB_NAME"
bench_build identity-service devkit chat-service bench/chat
# platform-testing's QuarkusAppProcess finds each service's packaged jar from any folder of the reactor.
cd "$BENCH_ROOT/chat-service"
bench_java "$HERE" 1g studio.ainative.bench.chat.ChatBench "$@"
