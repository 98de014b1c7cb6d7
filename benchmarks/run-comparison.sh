#!/usr/bin/env bash
# Vitals against no agent, the OpenTelemetry Java agent and the Elastic APM agent, in one command:
#   1. JMH suites (recorder, servlet, reactive, webflux, JDBC, Jedis, Lettuce, HTTP client) in forked JVMs per agent, interleaved;
#   2. whole process: Hello World start and peak RSS, demo shop time to first request, demo shop under load,
#      a large Spring Boot application's time to first request and RSS (integration-tests/big-app), a standalone
#      Tomcat distribution's first 200 and first JSP compiles (catalina.sh run, agent in CATALINA_OPTS), and the
#      demo's Native Memory Tracking breakdown after the load (none and Vitals).
# Prints both tables and writes them as CSV, JSON and text under the output directory, with machine.txt.
#
# usage: benchmarks/run-comparison.sh [--quick] [--no-build] [--skip-jmh] [--skip-process] [--out DIR]
#   --quick         the CI smoke mode (no agent, the empty agent and Vitals; tiny runs; figures not meaningful)
#   --no-build      use the jars already built (agent, demo shop, benchmarks, peer agents)
#   JMH_ARGS="..."      extra options for dev.vitals.benchmarks.AgentComparison (e.g. "--rounds 5")
#   PROCESS_ARGS="..."  extra options for dev.vitals.benchmarks.ProcessComparison (e.g. "--runs 9", "--parts bigapp,tomcat")
#                       ("--agents none,empty,transformer,vitals" adds the baseline of one transformer that changes nothing)
#   VITALS_BASE_JAR=PATH  a second Vitals jar, measured side by side as agent vitals-base (add it to --agents)
# The full run takes about 75 minutes on 2 quiet cores. Run it on a quiet machine: nothing else building or testing.
# Needs Redis on 127.0.0.1:6379 (the Jedis and Lettuce suites and the demo's cache) and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."

quick="" build=1 jmh=1 process=1 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --no-build) build=0 ;;
    --skip-jmh) jmh=0 ;;
    --skip-process) process=0 ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run-comparison: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
out="${out:-benchmarks/target/results/$(date -u +%Y%m%dT%H%M%SZ)${quick:+-quick}}"
mkdir -p "$out"

if [ "$build" = 1 ]; then
  echo "run-comparison: building (mvn -B -q install -DskipTests)"
  mvn -B -q install -DskipTests
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  echo "run-comparison: Redis is not reachable on 127.0.0.1:6379; start it first (see .ci/run)" >&2
  exit 1
fi
command -v /usr/bin/time >/dev/null || { echo "run-comparison: /usr/bin/time is missing: apt-get install time" >&2; exit 1; }

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MB"}')"
  echo "kernel: $(uname -sr)"
  echo "java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"
cat "$out/machine.txt"

jar=benchmarks/target/benchmarks.jar
status=0
if [ "$jmh" = 1 ]; then
  # shellcheck disable=SC2086
  java -cp "$jar" dev.vitals.benchmarks.AgentComparison $quick --out "$out" ${JMH_ARGS:-} || status=1
fi
if [ "$process" = 1 ]; then
  # shellcheck disable=SC2086
  java ${VITALS_BASE_JAR:+-Dbench.vitals.base.jar=$VITALS_BASE_JAR} -cp "$jar" dev.vitals.benchmarks.ProcessComparison $quick --out "$out" ${PROCESS_ARGS:-} || status=1
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"

echo
[ -f "$out/jmh.txt" ] && cat "$out/jmh.txt"
[ -f "$out/process.txt" ] && cat "$out/process.txt"
echo "results: $out (jmh.csv, jmh.json, process.csv, process.json, machine.txt, runs/)"
exit $status
