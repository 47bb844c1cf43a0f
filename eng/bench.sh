#!/usr/bin/env bash
# The benchmark gate (issue #28): runs the hot paths with BenchmarkDotNet in one process and compares each with its
# committed baseline under benchmarks/baselines/ (allocations within 5 %, speed ratios to their in-run references above
# their floors). `bash eng/bench.sh` checks; `bash eng/bench.sh --update` rewrites the baselines (commit them, saying
# why). Other arguments go to the gate (`--only scoring`, `--verbose`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release benchmarks/SolStake.Benchmarks -v quiet -nologo > /dev/null
exec dotnet run -c Release --no-build --project benchmarks/SolStake.Benchmarks -- gate "$@"
