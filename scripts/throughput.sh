#!/bin/sh
# throughput.sh prints the training throughput of finished or partial sweep
# folders from the run times they store (runs/*.time, one-thread runs as
# paper run -j trains them), for planning sweeps (docs/clusters.md).
#
# Usage: scripts/throughput.sh FOLDER…
#
# Columns, per folder:
#   runs       runs with a stored time
#   cells      task × variant cells with at least one run
#   s/run      the mean over cells of each cell's median run time: the cost of
#              an average run, robust to the periods a shared machine was busy
#              (a cell's median ignores a few slow runs; the mean over cells
#              weights the variants as a sweep does)
#   runs/h/core  3600 / s/run: each run holds one core for its time
#   sum/2      the sum of all stored run times over 2 cores, for comparison
#              with a measured wall time at -j 2 (slow runs included)
set -eu
printf '%-44s %6s %6s %8s %12s %8s\n' folder runs cells s/run runs/h/core sum/2
for dir in "$@"; do
	for f in "$dir"/runs/*.time; do
		[ -e "$f" ] || continue
		b=$(basename "$f" .time) # Task1_W%2AD%2AC_sim0003
		cell=${b%_sim*}
		printf '%s %s\n' "$cell" "$(cat "$f")"
	done | sort -k1,1 -k2,2g | awk -v dir="$dir" '
		function flush() {
			if (k == 0) return
			m = (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
			sum += m; cells++; k = 0
		}
		$1 != cur { flush(); cur = $1 }
		{ v[++k] = $2; runs++; total += $2 }
		END {
			flush()
			if (cells == 0) { printf "%-44s %6d\n", dir, 0; exit }
			s = sum / cells
			printf "%-44s %6d %6d %8.2f %12.0f %8.0f\n", dir, runs, cells, s, 3600 / s, total / 2
		}'
done
