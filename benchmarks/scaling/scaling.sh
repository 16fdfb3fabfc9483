#!/usr/bin/env bash
# Scaling curves of whole `egret run` processes: run time and peak memory against nodes, pods,
# policies and connections, four sizes each, every size run REPEAT times (default 2).
# Writes CSV rows "curve,size,run,wall_s,user_s,max_rss_kb,hops,sim_wall_s" to OUT (default
# scaling.csv) and prints them. Needs the CLI jar (gui/target/egret.jar) and /usr/bin/time.
# Usage: benchmarks/scaling/scaling.sh [OUT.csv]   (REPEAT=3 CURVES="nodes pods" ... to narrow)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=${JAR:-$here/gui/target/egret.jar}
out=${1:-scaling.csv}
repeat=${REPEAT:-2}
curves=${CURVES:-"nodes pods policies connections"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java_opts=${JAVA_OPTS:--Xmx4g -XX:+UseParallelGC -XX:InitialRAMPercentage=8}

gen() { java -jar "$jar" generate --seed 7 "$@" -o "$work/s.yaml"; }

measure() { # curve size
  for r in $(seq 1 "$repeat"); do
    /usr/bin/time -f "%e %U %M" -o "$work/time" java $java_opts -jar "$jar" run -q "$work/s.yaml" >"$work/report" 2>&1 || {
      echo "run failed: $1 $2" >&2; tail -20 "$work/report" >&2; exit 1; }
    read -r wall user rss <"$work/time"
    stats=$(grep '^Stats:' "$work/report")
    hops=$(echo "$stats" | sed -E 's/.* ([0-9,]+) packet-hops.*/\1/' | tr -d ,)
    simwall=$(echo "$stats" | sed -E 's/.* in ([0-9.]+)s wall.*/\1/')
    echo "$1,$2,$r,$wall,$user,$rss,$hops,$simwall" | tee -a "$out"
  done
}

[ -s "$out" ] || echo "curve,size,run,wall_s,user_s,max_rss_kb,hops,sim_wall_s" >"$out"
echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for c in $curves; do
  case $c in
    nodes) # 20,000 pods and 200 policies spread over more and more nodes
      for n in 625 1250 2500 5000; do
        gen --nodes $n --gateways 20 --namespaces 100 --pods-per-node $((20000 / n)) --policies 200 --externals 20
        measure nodes $n; done ;;
    pods) # 1,000 nodes, 200 policies, more and more pods per node
      for p in 15 30 60 120; do
        gen --nodes 1000 --gateways 20 --namespaces 100 --pods-per-node $p --policies 200 --externals 20
        measure pods $((1000 * p)); done ;;
    policies) # 1,000 nodes, 30,000 pods, more and more policies
      for k in 250 500 1000 2000; do
        gen --nodes 1000 --gateways 20 --namespaces 100 --pods-per-node 30 --policies $k --externals 20
        measure policies $k; done ;;
    connections) # 100 nodes, 20 gateways, more and more TCP connections at 20,000 per second
      for k in 125000 250000 500000 1000000; do
        gen --nodes 100 --gateways 20 --namespaces 100 --pods-per-node 30 --policies 200 --externals 20 \
          --connections $k --rate 20000 --hold 1s
        measure connections $k; done ;;
  esac
done
echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
