#!/usr/bin/env bash
# The consumer test: packs every library (eng/pack.sh), then builds and runs consumer/ — a team's host and programs
# that reference the packages by version from that local feed (plus the public registry), never the projects.
# TEST_LOG receives dotnet test's output; exits non-zero when packing, the build or a test fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Every consumer run packs a version of its own, so NuGet's global cache never serves an older build of it.
if [ -z "${VERSION_SUFFIX:-}" ]; then
  if [ "${CI:-}" = "true" ]; then VERSION_SUFFIX="ci.$(date -u +%Y%m%d%H%M%S)"; else VERSION_SUFFIX="local.$(date -u +%Y%m%d%H%M%S)"; fi
fi
export VERSION_SUFFIX
version="$(bash eng/pack.sh | tail -n 1)"
echo "consumer: building against SolStake $version from artifacts/packages"
log="${TEST_LOG:-$(mktemp -t solstake-consumer.XXXXXX.log)}"
# A restore of its own (consumer/nuget.config: the local feed, then the registry); unique versions never hit a stale cache.
dotnet test consumer/SolStake.Consumer.Tests/SolStake.Consumer.Tests.csproj -c Release -p:SolStakeVersion="$version" 2>&1 | tee "$log"
