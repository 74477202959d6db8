#!/usr/bin/env bash
# Side-by-side benchmarks: Telltale, sentry-java, bugsnag-java (see docs/PERFORMANCE.md).
#
#   bench/run.sh quick   smoke subset, under 3 minutes on 2 cores
#   bench/run.sh full    everything, under 20 minutes on 2 cores (the default)
#   bench/run.sh agents  only the -javaagent start-up: (6) the trivial main and (9) the Spring Boot
#                        shop of bench/spring-app (SPRING_RUNS alternating runs per agent, default 5)
#   bench/run.sh delivery  only delivery (issue 14): (8) burst capacity, (5) sustained delivery and
#                        (10) the flood, each SDK in its own JVM, against the JDK's HttpServer,
#                        Jetty and the sink, with and without 20 ms per response. Knobs (env):
#                        ROUNDS (capacity rounds, 3), BURST (1000), SUSTAIN_LONG (60 s: jdk and
#                        jdk + 20 ms), SUSTAIN_SHORT (20 s: jetty, jetty + 20 ms, sink),
#                        FLOOD_SECONDS (per phase, 60), FLOOD_THREADS (8). Telltale's throughput
#                        runs set storm-per-group=0 (one error group: the storm policy would drop
#                        most of it by design); the flood runs Telltale with the default (10) and 0.
#
# Extra Maven arguments (e.g. -o) can be passed in MVN_ARGS, extra options for the JMH host JVM in
# JMH_JVM_OPTS (e.g. -Djmh.ignoreLock=true when another JMH run holds /tmp/jmh.lock). Results go to
# bench/results/MODE-TIMESTAMP/: jmh.json, jmh.txt, mains.tsv, machine.txt and tables.md
# (the Markdown tables of docs/PERFORMANCE.md, ratios from this one run).
set -euo pipefail

MODE="${1:-full}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

case "$MODE" in
  quick)
    JMH_OPTS=(-wi 1 -w 1s -i 2 -r 1s -f 1)
    SERVLET_OPTS=(-wi 2 -w 1s -i 2 -r 1s -f 1)
    STARTUP_RUNS=3; STARTUP_WARMUP=0
    SUSTAIN_SECONDS=3; DRAIN_SECONDS=5
    STORM_CAPTURES=100000; STORM_LIMIT_SECONDS=20
    CAPACITY_ROUNDS=1; CAPACITY_BURST=300; CAPACITY_LIMIT=60 ;;
  full)
    JMH_OPTS=(-wi 3 -w 2s -i 5 -r 2s -f 1)
    SERVLET_OPTS=(-wi 8 -w 2s -i 5 -r 2s -f 1)
    STARTUP_RUNS=11; STARTUP_WARMUP=1
    SUSTAIN_SECONDS=10; DRAIN_SECONDS=10
    STORM_CAPTURES=1000000; STORM_LIMIT_SECONDS=120
    CAPACITY_ROUNDS=3; CAPACITY_BURST=1000; CAPACITY_LIMIT=120 ;;
  agents)
    STARTUP_RUNS=11; STARTUP_WARMUP=1 ;;
  delivery)
    ROUNDS="${ROUNDS:-3}"; BURST="${BURST:-1000}"; SUSTAIN_LONG="${SUSTAIN_LONG:-60}"
    SUSTAIN_SHORT="${SUSTAIN_SHORT:-20}"; FLOOD_SECONDS="${FLOOD_SECONDS:-60}"; FLOOD_THREADS="${FLOOD_THREADS:-8}" ;;
  *)
    echo "usage: $0 [quick|full|agents|delivery]" >&2; exit 2 ;;
esac

# shellcheck disable=SC2086
# The agent module too: (6) runs its telltale-agent.jar.
mvn -B -ntp -q ${MVN_ARGS:-} -pl bench,agent -am package -DskipTests
OUT="$ROOT/bench/results/$MODE-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
# Run from a copy: a build in the same tree must not replace the jar under running JVMs.
cp "$ROOT/bench/target/benchmarks.jar" "$OUT/benchmarks.jar"
JAR="$OUT/benchmarks.jar"
cp "$ROOT/agent/target/telltale-agent.jar" "$ROOT/bench/target/agents/bytebuddy-agent.jar" \
  "$ROOT/bench/target/agents/opentelemetry-javaagent.jar" "$OUT/"

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "mode: $MODE"
  echo "nproc: $(nproc)"
  echo "memory: $(free -g 2>/dev/null | awk '/^Mem:/{print $2 " GiB"}')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
  echo "jdk: $(java -version 2>&1 | head -2 | tail -1)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

if [ "$MODE" = delivery ]; then
  echo "knobs: ROUNDS=$ROUNDS BURST=$BURST SUSTAIN_LONG=$SUSTAIN_LONG SUSTAIN_SHORT=$SUSTAIN_SHORT FLOOD_SECONDS=$FLOOD_SECONDS FLOOD_THREADS=$FLOOD_THREADS" >> "$OUT/machine.txt"
  OFF=-Dbench.storm-per-group=0
  order=(telltale sentry bugsnag)
  # (8) burst capacity, rounds alternating the SDKs' order (a busy machine's drift favours none).
  for round in $(seq 1 "$ROUNDS"); do
    for server in jdk:0 jetty:0 sink:0 jdk:20 jetty:20; do
      for sdk in "${order[@]}"; do
        java $OFF -Xms512m -Xmx1g -cp "$JAR" dev.telltale.bench.DeliveryCapacity "$sdk" "${server%:*}" "${server#*:}" \
          "$BURST" 120 2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv" || echo "($sdk failed, see mains.err)"
      done
    done
    order=("${order[@]:1}" "${order[0]}")
  done
  # (5) sustained: the long runs on the JDK server (with and without latency), shorter elsewhere.
  for server in jdk:0:$SUSTAIN_LONG jdk:20:$SUSTAIN_LONG jetty:0:$SUSTAIN_SHORT jetty:20:$SUSTAIN_SHORT sink:0:$SUSTAIN_SHORT; do
    IFS=: read -r name latency secs <<< "$server"
    for sdk in "${order[@]}"; do
      java $OFF -Xms1g -Xmx1g -cp "$JAR" dev.telltale.bench.SustainedDelivery "$sdk" "$secs" 10 "$name" "$latency" \
        2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv" || echo "($sdk failed, see mains.err)"
    done
    order=("${order[@]:1}" "${order[0]}")
  done
  # (10) the flood: backend up, then down; Telltale with its storm policy (default) and without.
  for run in telltale:10 telltale:0 sentry: bugsnag:; do
    sdk="${run%%:*}"; storm="${run#*:}"
    java ${storm:+-Dbench.storm-per-group=$storm} -Xms1g -Xmx1g -cp "$JAR" dev.telltale.bench.Flood "$sdk" jdk \
      "$FLOOD_SECONDS" "$FLOOD_THREADS" 2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv" || echo "($sdk failed, see mains.err)"
  done
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" >> "$OUT/machine.txt"
  java -cp "$JAR" dev.telltale.bench.Report "$OUT" > "$OUT/tables.md"
  cat "$OUT/tables.md"
  echo "results: $OUT"
  exit 0
fi

if [ "$MODE" = agents ]; then
  # (6) the trivial main, then (9) the Spring Boot shop (its own Maven project, an executable jar).
  # shellcheck disable=SC2086
  mvn -B -ntp -q ${MVN_ARGS:-} -f bench/spring-app/pom.xml package
  cp "$ROOT/bench/spring-app/target/shop.jar" "$OUT/"
  java -cp "$JAR" dev.telltale.bench.AgentStartup "$STARTUP_RUNS" "$OUT/telltale-agent.jar" \
    "$OUT/bytebuddy-agent.jar" "$OUT/opentelemetry-javaagent.jar" "$STARTUP_WARMUP" 2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv"
  java -cp "$JAR" dev.telltale.bench.SpringStartup "${SPRING_RUNS:-5}" "$OUT/shop.jar" "$OUT/telltale-agent.jar" \
    "$OUT/opentelemetry-javaagent.jar" 1 2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv"
  echo "results: $OUT"
  exit 0
fi

# (1) capture, (2) breadcrumb, (3) Logback: JMH with the allocation profiler.
# shellcheck disable=SC2086
java ${JMH_JVM_OPTS:-} -jar "$JAR" 'dev.telltale.bench.(Capture|Breadcrumb|Logback)Benchmark' "${JMH_OPTS[@]}" \
  -prof gc -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.txt" 2>&1 || { tail -40 "$OUT/jmh.txt"; exit 1; }
sed -n '/^Benchmark /,$p' "$OUT/jmh.txt"

# (4) the servlet filter: its own JMH run, with a longer warm-up (Jetty's request path takes a few
# seconds of JIT before it settles).
# shellcheck disable=SC2086
java ${JMH_JVM_OPTS:-} -jar "$JAR" 'dev.telltale.bench.ServletFilterBenchmark' "${SERVLET_OPTS[@]}" \
  -prof gc -rf json -rff "$OUT/jmh-servlet.json" > "$OUT/jmh-servlet.txt" 2>&1 || { tail -40 "$OUT/jmh-servlet.txt"; exit 1; }
sed -n '/^Benchmark /,$p' "$OUT/jmh-servlet.txt"

# (6) -javaagent start-up: forked JVMs, variants alternating, median of STARTUP_RUNS each
# (quick: 3 runs and no warm-up round: the OpenTelemetry agent alone takes 4-7 s a run here).
java -cp "$JAR" dev.telltale.bench.AgentStartup "$STARTUP_RUNS" "$OUT/telltale-agent.jar" \
  "$OUT/bytebuddy-agent.jar" "$OUT/opentelemetry-javaagent.jar" "$STARTUP_WARMUP" 2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv" \
  || echo "(start-up failed, see mains.err)"

# (5) sustained delivery and (7) storm heap: one SDK per JVM, as an application would run it.
for sdk in telltale sentry bugsnag; do
  java -Dbench.storm-per-group=0 -Xms1g -Xmx2g -cp "$JAR" dev.telltale.bench.SustainedDelivery "$sdk" "$SUSTAIN_SECONDS" "$DRAIN_SECONDS" \
    2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv" || echo "($sdk failed, see mains.err)"
done
for sdk in telltale sentry bugsnag; do
  java -Xms1g -Xmx1g -cp "$JAR" dev.telltale.bench.StormHeap "$sdk" "$STORM_CAPTURES" "$STORM_LIMIT_SECONDS" \
    2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv" || echo "($sdk failed, see mains.err)"
done

# (8) burst delivery capacity, one SDK per JVM, against servers the SDKs did not write: the JDK's
# HttpServer and Jetty always run (the bench's own sink alone hid a 40 ms per-request stall that the
# JDK server shows, issue 14), each also with 20 ms added per response. The SDKs' order rotates each
# round so that a busy machine's drift does not favour one of them.
java -cp "$JAR" dev.telltale.bench.TransportStall 100 2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv" \
  || echo "(transport stall failed, see mains.err)"
order=(telltale sentry bugsnag)
for round in $(seq 1 "$CAPACITY_ROUNDS"); do
  for server in jdk:0 jetty:0 sink:0 jdk:20 jetty:20; do
    for sdk in "${order[@]}"; do
      java -Dbench.storm-per-group=0 -Xms512m -Xmx1g -cp "$JAR" dev.telltale.bench.DeliveryCapacity "$sdk" "${server%:*}" "${server#*:}" \
        "$CAPACITY_BURST" "$CAPACITY_LIMIT" 2>>"$OUT/mains.err" | tee -a "$OUT/mains.tsv" || echo "($sdk failed, see mains.err)"
    done
  done
  order=("${order[@]:1}" "${order[0]}")
done

java -cp "$JAR" dev.telltale.bench.Report "$OUT" > "$OUT/tables.md"
echo
cat "$OUT/tables.md"
echo "results: $OUT"
