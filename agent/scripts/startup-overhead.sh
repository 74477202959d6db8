#!/usr/bin/env bash
# Start-up overhead of the agent: wall time of a trivial main with and without -javaagent,
# interleaved runs, median of N. Run after `mvn -pl agent -am package` (needs target/test-classes).
# Usage: agent/scripts/startup-overhead.sh [runs=15] [java=java]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
java=${2:-java}
events=$(mktemp -d)
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain=(); agent=()
for i in $(seq "$runs"); do
  plain+=("$(ms "$java" -cp target/test-classes com.example.apps.TrivialApp)")
  agent+=("$(ms "$java" -javaagent:target/telltale-agent.jar="destinations=file:$events" -cp target/test-classes com.example.apps.TrivialApp)")
done
p=$(printf '%s\n' "${plain[@]}" | median); a=$(printf '%s\n' "${agent[@]}" | median)
echo "runs=$runs java=$("$java" -version 2>&1 | head -1)"
echo "without agent: median ${p} ms   (${plain[*]})"
echo "with agent:    median ${a} ms   (${agent[*]})"
echo "overhead:      $((a - p)) ms"
rm -rf "$events"
