#!/usr/bin/env bash
# Set up a fresh Debian 12 machine (packages, OpenBLAS, models, samples, build) and run every test:
#   1. the whole suite on the normal build (ctest),
#   2. each libFuzzer target for a bounded time (FUZZ_SECONDS, default 60) from its seed corpus,
#      with a fixed mutation seed (FUZZ_SEED, default 1) so a run walks the same inputs each time
#      and a red CI is a reproducible finding; FUZZ_SEED=0 picks a random seed to explore further,
#   3. the suite again built with AddressSanitizer + UndefinedBehaviorSanitizer, less the few tests that
#      only repeat code for figures or load (the asan test preset lists them; stage 1 runs them).
# This is the README's test command; .ci/run calls exactly this. Any failure fails the run.
#   SKIP_FUZZ=1 / SKIP_ASAN=1 skip a stage (for a quick local run; CI runs all three).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf '[test] %s\n' "$*"; }
jobs="$(nproc)"

bash scripts/setup.sh || exit 1

failed=()
started=$SECONDS

# Figures the tests report along the way (e.g. worst genuine / impostor margins on the samples).
figures() {
  local log="$1/Testing/Temporary/LastTest.log"
  [ -f "$log" ] || return 0
  grep -hA2 -E "^\s*(genuine pairs|impostor pairs|figure):" "$log" | grep -vE -- '^(--|=+|\s*)$' | sed 's/^ */[test] /' || true
}

# ---- 1. the suite on the normal build ------------------------------------------------------------
echo
say "1/3 the test suite (ctest, $jobs jobs)"
t=$SECONDS
if ctest --preset default -j "$jobs"; then say "suite passed in $((SECONDS - t)) s"; else failed+=("test suite"); fi
figures build

# ---- 2. fuzzing ----------------------------------------------------------------------------------
if [ "${SKIP_FUZZ:-0}" != 1 ]; then
  echo
  secs="${FUZZ_SECONDS:-60}"
  seed="${FUZZ_SEED:-1}"
  say "2/3 fuzzing: building the libFuzzer targets (clang, preset fuzz)"
  if cmake --preset fuzz >build-fuzz.log 2>&1 && cmake --build --preset fuzz -j "$jobs" >>build-fuzz.log 2>&1; then
    for target in csv_import image_load; do
      corpus="build-fuzz/corpus/$target"    # grows across runs; the committed seeds stay small
      crashes="build-fuzz/crashes"
      mkdir -p "$corpus" "$crashes"
      log="build-fuzz/fuzz_$target.log"
      say "fuzzing $target for $secs s (seeds: fuzz/corpus/$target, mutation seed $seed)"
      # Any single allocation over 2 GB is a finding (a decompression bomb); the RSS limit is higher
      # because the ASan allocator keeps freed decoder buffers (uninstrumented libjpeg/libpng).
      if ASAN_OPTIONS=allocator_release_to_os_interval_ms=500 \
         build-fuzz/fuzz/fuzz_"$target" "$corpus" "fuzz/corpus/$target" -max_total_time="$secs" -seed="$seed" \
           -timeout=10 -malloc_limit_mb=2048 -rss_limit_mb=4096 -print_final_stats=1 \
           -artifact_prefix="$crashes/$target-" >"$log" 2>&1; then
        runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')"
        cov="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | grep -oE 'cov: [0-9]+ ft: [0-9]+' | tail -1)"
        say "figure: fuzz $target: $runs runs in $secs s, $cov, 0 crashes"
      else
        say "FAILED: fuzz $target found a crash; input kept in $crashes/ (add it to fuzz/regressions/$target/):"
        grep -E "ERROR|SUMMARY|Test unit written" "$log" | sed 's/^/[test]   /' | head -20
        failed+=("fuzz $target")
      fi
    done
  else
    tail -30 build-fuzz.log | sed 's/^/[test]   /'
    failed+=("fuzz build")
  fi
fi

# ---- 3. the suite under ASan + UBSan -------------------------------------------------------------
if [ "${SKIP_ASAN:-0}" != 1 ]; then
  echo
  say "3/3 the test suite under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan)"
  t=$SECONDS
  if cmake --preset asan >build-asan.log 2>&1 && cmake --build --preset asan -j "$jobs" >>build-asan.log 2>&1; then
    # Options (leak suppressions for uninstrumented system libraries, UBSan halting) come from the
    # asan test preset in CMakePresets.json.
    if ctest --preset asan -j "$jobs"; then say "sanitizer suite clean in $((SECONDS - t)) s"; else failed+=("sanitizer suite"); fi
  else
    tail -30 build-asan.log | sed 's/^/[test]   /'
    failed+=("asan build")
  fi
fi

echo
say "took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s after setup"
if [ "${#failed[@]}" -gt 0 ]; then
  say "FAILED: ${failed[*]}"
  exit 1
fi
say "all passed"
