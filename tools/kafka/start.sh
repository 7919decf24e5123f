#!/usr/bin/env bash
# Starts a single-node Apache Kafka 3.9.1 broker (KRaft, broker+controller in one JVM) on 127.0.0.1,
# using jars from Maven Central (see pom.xml and /work/shared/KAFKA.md). Idempotent: if the broker
# this script started earlier on the same port is still alive, it is reused.
#
# Env:
#   KAFKA_PORT               client (PLAINTEXT) port, default 9092
#   KAFKA_CONTROLLER_PORT    KRaft controller port, default KAFKA_PORT+1 (9093)
#   KAFKA_START_TIMEOUT      seconds to wait for "Kafka Server started", default 90
#   KAFKA_HEAP               JVM max heap, default 512m
#   KAFKA_KEEP_DATA          1: keep the data of an earlier broker on this port (a restart after a crash,
#                            e.g. the fault-injection suite's kill -9); default: start from empty storage
#
# stdout: exactly one line, KAFKA_BROKERS=127.0.0.1:<port> (progress goes to stderr), so
#   export "$(bash tools/kafka/start.sh)"
# works. Exits non-zero and prints the tail of the broker log when the broker does not start.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
HOST=127.0.0.1

CACHE_DIR="$SCRIPT_DIR/.cache"
LIB_DIR="$CACHE_DIR/lib"
LIB_MARKER="$LIB_DIR/.complete"
RUN_DIR="$CACHE_DIR/run-$KAFKA_PORT"
PID_FILE="$RUN_DIR/kafka.pid"
CONFIG="$RUN_DIR/server.properties"
LOG4J="$RUN_DIR/log4j.properties"
TOOLS_LOG4J="$RUN_DIR/log4j-tools.properties"
LOG_DIR="$RUN_DIR/logs"
SERVER_LOG="$LOG_DIR/server.log"
STDOUT_LOG="$LOG_DIR/stdout.log"

log() { echo "[kafka] $*" >&2; }
die() { echo "[kafka] ERROR: $*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# The pid file names a live kafka.Kafka JVM (guards against pid reuse).
broker_alive() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
}

show_log_tail() {
  local f
  for f in "$STDOUT_LOG" "$SERVER_LOG"; do
    if [[ -s "$f" ]]; then
      echo "----- tail -n 60 $f -----" >&2
      tail -n 60 "$f" >&2
    fi
  done
}

command -v java >/dev/null || die "java not found on PATH (Java 17 is required)"
mkdir -p "$CACHE_DIR"

# One start at a time per port (parallel test runners may call this concurrently).
exec 9>"$CACHE_DIR/start-$KAFKA_PORT.lock"
flock -w 300 9 || die "timed out waiting for $CACHE_DIR/start-$KAFKA_PORT.lock"

# --- 1. Reuse a running broker ------------------------------------------------------------------
if broker_alive && port_open "$KAFKA_PORT"; then
  log "reusing broker pid $(cat "$PID_FILE") on $HOST:$KAFKA_PORT"
  echo "KAFKA_BROKERS=$HOST:$KAFKA_PORT"
  exit 0
fi
if broker_alive; then
  # Alive but not listening: a previous start that is still coming up or is wedged. Replace it.
  log "broker pid $(cat "$PID_FILE") is alive but not listening on $KAFKA_PORT; stopping it"
  KAFKA_PORT="$KAFKA_PORT" bash "$SCRIPT_DIR/stop.sh" >&2
fi
for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
  if port_open "$p"; then
    die "port $HOST:$p is already in use by a process this script did not start (no live $PID_FILE); set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
  fi
done

# --- 2. Broker classpath from Maven Central (cached) --------------------------------------------
pom_sum="$(sha256sum "$SCRIPT_DIR/pom.xml" | cut -d' ' -f1)"
if [[ -f "$LIB_MARKER" && "$(cat "$LIB_MARKER")" == "$pom_sum" ]]; then
  log "using cached classpath $LIB_DIR ($(find "$LIB_DIR" -name '*.jar' | wc -l) jars)"
else
  command -v mvn >/dev/null || die "mvn not found on PATH (Maven is needed once to fetch the broker jars)"
  log "downloading Kafka 3.9.1 and its runtime dependencies from Maven Central into $LIB_DIR"
  rm -rf "$LIB_DIR"
  mkdir -p "$LIB_DIR"
  if ! mvn -q -B -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.7.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$LIB_DIR" >&2; then
    rm -rf "$LIB_DIR"
    die "maven copy-dependencies failed (see output above)"
  fi
  [[ -n "$(find "$LIB_DIR" -name 'kafka_2.13-3.9.1.jar')" ]] || die "kafka_2.13-3.9.1.jar missing from $LIB_DIR"
  [[ -n "$(find "$LIB_DIR" -name 'reload4j-1.2.25.jar')" ]] || die "reload4j-1.2.25.jar missing from $LIB_DIR"
  echo "$pom_sum" >"$LIB_MARKER"
  log "classpath ready ($(find "$LIB_DIR" -name '*.jar' | wc -l) jars)"
fi

# --- 3. Run directory and config (fresh unless KAFKA_KEEP_DATA=1 and a formatted one exists) -------
if [[ "${KAFKA_KEEP_DATA:-0}" == 1 && -f "$RUN_DIR/data/meta.properties" ]]; then
  log "keeping the data in $RUN_DIR/data (KAFKA_KEEP_DATA=1): the broker recovers its logs"
  rm -f "$CONFIG" "$LOG4J" "$TOOLS_LOG4J"
  keep_data=1
else
  keep_data=0
  rm -rf "$RUN_DIR"
fi
mkdir -p "$RUN_DIR/data" "$LOG_DIR"

cat >"$CONFIG" <<EOF
# Generated by tools/kafka/start.sh — single-node KRaft broker for local dev and tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$RUN_DIR/data
auto.create.topics.enable=true
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
# Lets tests use consumer session timeouts down to 1s (broker default minimum is 6s).
group.min.session.timeout.ms=1000
log.retention.hours=168
EOF

cat >"$LOG4J" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$SERVER_LOG
log4j.appender.file.Append=true
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.controller=INFO
EOF

cat >"$TOOLS_LOG4J" <<EOF
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF

# --- 4. Format storage (not when keeping formatted data: it carries its cluster id) ------------------
if [[ "$keep_data" == 0 ]]; then
  # Cluster id: 16 random bytes, base64url without padding (what `StorageTool random-uuid` prints).
  # A leading "-" would be read as an option by the StorageTool's argument parser (seen in CI): draw again.
  cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  log "formatting $RUN_DIR/data (cluster id $cluster_id)"
  if ! java -Xmx256m -cp "$LIB_DIR/*" -Dlog4j.configuration="file:$TOOLS_LOG4J" \
      kafka.tools.StorageTool format --cluster-id="$cluster_id" -c "$CONFIG" --ignore-formatted \
      >"$LOG_DIR/format.log" 2>&1; then
    cat "$LOG_DIR/format.log" >&2
    die "kafka.tools.StorageTool format failed"
  fi
fi

# --- 5. Start the broker ------------------------------------------------------------------------------
log "starting broker on $HOST:$KAFKA_PORT (controller $HOST:$KAFKA_CONTROLLER_PORT), logs in $LOG_DIR"
# The server log is appended to across restarts (KAFKA_KEEP_DATA): only lines of this start count.
log_from=1
[[ -f "$SERVER_LOG" ]] && log_from=$(( $(wc -l <"$SERVER_LOG") + 1 ))
# setsid: own session, so the broker outlives the shell (and process group) that started it.
# From a non-interactive script the background job is not a group leader, so setsid execs in
# place and $! is the JVM's pid.
setsid nohup java "-Xmx$KAFKA_HEAP" -Xss1m -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j.configuration="file:$LOG4J" \
  -cp "$LIB_DIR/*" kafka.Kafka "$CONFIG" \
  </dev/null >"$STDOUT_LOG" 2>&1 9>&- &
pid=$!
echo "$pid" >"$PID_FILE"

deadline=$((SECONDS + KAFKA_START_TIMEOUT))
until tail -n "+$log_from" "$SERVER_LOG" 2>/dev/null | grep -q 'Kafka Server started'; do
  if ! kill -0 "$pid" 2>/dev/null; then
    show_log_tail
    rm -f "$PID_FILE"
    die "broker process $pid exited during startup"
  fi
  if ((SECONDS >= deadline)); then
    show_log_tail
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
    die "broker did not log 'Kafka Server started' within ${KAFKA_START_TIMEOUT}s"
  fi
  sleep 0.25
done
port_open "$KAFKA_PORT" || { show_log_tail; die "broker logged started but $HOST:$KAFKA_PORT is not accepting connections"; }

log "broker pid $pid ready"
echo "KAFKA_BROKERS=$HOST:$KAFKA_PORT"
