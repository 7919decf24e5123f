#!/usr/bin/env bash
# The fault-injection suite (npm test runs it after the integration tests): starts a Kafka broker of
# its own (the suite kill -9s and restarts it, so never the shared one), runs the suite, stops the
# broker. The figures land in tmp/fault-injection/<run>/report.md and in the jest output.
#   FAULT_KAFKA_PORT  the suite's broker port (default 19392; controller port +1)
#   FAULT_SEED        the random schedule's seed (printed by every run, to replay one)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export FAULT_KAFKA_PORT="${FAULT_KAFKA_PORT:-19392}"
stop_broker() { KAFKA_PORT="$FAULT_KAFKA_PORT" bash tools/kafka/stop.sh || true; }
trap stop_broker EXIT
export "$(KAFKA_PORT="$FAULT_KAFKA_PORT" bash tools/kafka/start.sh)"
export HARNESS_KAFKA_LOG=nothing
mkdir -p tmp/jest
npx jest -c tools/fault-injection/jest.fault.config.js --ci --runInBand --forceExit --json --outputFile=tmp/jest/fault-injection.fault.json
