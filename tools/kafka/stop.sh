#!/usr/bin/env bash
# Stops the broker started by start.sh on KAFKA_PORT (default 9092), by its pid file, and waits
# for the JVM to exit (SIGTERM = controlled shutdown; SIGKILL after KAFKA_STOP_TIMEOUT seconds).
# A missing or stale pid file is not an error. The run directory is left for inspection; the next
# start.sh wipes it.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
PID_FILE="$SCRIPT_DIR/.cache/run-$KAFKA_PORT/kafka.pid"

log() { echo "[kafka] $*" >&2; }

if [[ ! -f "$PID_FILE" ]]; then
  log "no broker pid file for port $KAFKA_PORT ($PID_FILE); nothing to stop"
  exit 0
fi
pid="$(cat "$PID_FILE" 2>/dev/null || true)"
if [[ ! "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null \
  || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; then
  log "broker for port $KAFKA_PORT is not running (stale pid file); removing it"
  rm -f "$PID_FILE"
  exit 0
fi

log "stopping broker pid $pid (port $KAFKA_PORT)"
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
while kill -0 "$pid" 2>/dev/null; do
  if ((SECONDS >= deadline)); then
    log "broker pid $pid still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    break
  fi
  sleep 0.2
done
rm -f "$PID_FILE"
log "broker stopped"
