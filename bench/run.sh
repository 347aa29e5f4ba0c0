#!/usr/bin/env bash
# The side-by-side benchmark of bench/README.md: Go (fastblas) and PyTorch on
# the same machine and threads. Extra flags are passed on, e.g.
#   bash bench/run.sh -quick
#   bash bench/run.sh -blas gonum -n 312
#   bash bench/run.sh -large -pipeline-epochs 10 -pipeline-tasks 1,2,3
set -euo pipefail
cd "$(dirname "$0")/.."
echo "uptime: $(uptime)"
go run ./bench -torch "$@"
echo "uptime: $(uptime)"
