#!/usr/bin/env bash
# The one test command (npm test): lint, unit tests, then integration and end-to-end tests against
# the machine's PostgreSQL (127.0.0.1:5432, or DATABASE_URL) and a real Kafka 3.9 broker that this
# script starts from Maven Central's artifacts (tools/kafka) and stops again if it started it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-true} APOLLO_TELEMETRY_DISABLED=true
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

if ! pg_isready -q -d "$DATABASE_URL" 2>/dev/null; then
  echo "PostgreSQL at $DATABASE_URL is not answering; trying to start the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -q -d "$DATABASE_URL" && break; sleep 1; done
fi

STARTED_KAFKA=0
if [ -z "${KAFKA_BROKERS:-}" ]; then
  # A broker already listening (a developer's) is reused and left running; one started here is stopped.
  if ! (exec 3<>/dev/tcp/127.0.0.1/"${KAFKA_PORT:-9092}") 2>/dev/null; then STARTED_KAFKA=1; fi
  export "$(bash tools/kafka/start.sh)"
fi
cleanup() { if [ "$STARTED_KAFKA" = 1 ]; then bash tools/kafka/stop.sh || true; fi; }
trap cleanup EXIT

rm -rf tmp/jest tmp/fault-injection/latest.md && mkdir -p tmp/jest
status=0
echo "== supergraph and partner JSON Schemas are up to date"
npx tsx tools/supergraph/src/compose.ts --check || status=1
npx tsx libs/contracts/src/export-json-schemas.ts --check || status=1
npx tsx tools/authz/src/render-matrix.ts --check || status=1
echo "== lint (module boundaries, zero warnings)"
npx nx run-many -t lint --parallel=2 --outputStyle=static || status=1
echo "== unit tests"
npx nx run-many -t test --parallel=2 --outputStyle=static || status=1
# --forceExit on integration targets: a suite whose beforeAll fails cannot always close its Kafka
# clients, and a hung jest would hold CI until its time limit; the failure is still reported.
echo "== integration and end-to-end tests (PostgreSQL + Kafka at $KAFKA_BROKERS)"
npx nx run-many -t integration --parallel=2 --outputStyle=static || status=1

echo "== fault injection: kill -9 each service and a broker of its own while signals stream in"
npx nx run fault-injection:fault-injection --outputStyle=static || status=1
if [ -f tmp/fault-injection/latest.md ]; then cat tmp/fault-injection/latest.md; fi

node tools/test/summarize.js tmp/jest || status=1
exit $status
