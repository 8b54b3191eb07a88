#!/usr/bin/env bash
# Set up a fresh Debian 12 machine (packages, OpenBLAS, models, samples, build) and run every test.
# This is the README's test command; .ci/run calls exactly this.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh

echo
echo "[test] running the test suite (ctest, 2 jobs)"
status=0
ctest --preset default -j 2 || status=$?

# Figures the tests report along the way (e.g. worst genuine / impostor margins on the samples).
log="build/Testing/Temporary/LastTest.log"
if [ -f "$log" ]; then
  grep -hA2 -E "^\s*(genuine pairs|impostor pairs|figure):" "$log" | grep -vE -- '^(--|=+|\s*)$' | sed 's/^ */[test] /' || true
fi
exit "$status"
