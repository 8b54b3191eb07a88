#!/usr/bin/env bash
# Fetch the dlib face models into models/ and verify them against models/SHA256SUMS.
#
# The three models the kiosk needs (ResNet embedder, 5-point landmarks, MMOD CNN detector) are in
# Debian's *source* package `dlib`, as the component tarball dlib_*.orig-dlib-models.tar.bz2.
# `apt-get source` needs deb-src entries; rather than touch the system's apt configuration we build a
# private source list from the machine's own `deb` entries and point apt at private state folders.
# The 68-point predictor (eyes, for blink detection) comes from the binary package libdlib-data.
#
# The second face network (fr_feature: 512-D embedding; fr_detect: detector; fr_liveness: photo /
# screen check) is in the npm package faceplugin-face-recognition-js@0.0.1 (MIT), fetched with
# `npm pack` (no install, no scripts run) and only the .onnx files the kiosk uses are kept.
# Setup only: nothing is ever fetched at run time. The model files are git-ignored.
#
# Idempotent: files already present with the right checksum are left alone.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

say() { printf '[models] %s\n' "$*"; }
die() { printf '[models] ERROR: %s\n' "$*" >&2; exit 1; }

NEEDED=(dlib_face_recognition_resnet_model_v1.dat shape_predictor_5_face_landmarks.dat
        mmod_human_face_detector.dat shape_predictor_68_face_landmarks.dat
        fr_feature.onnx fr_detect.onnx fr_liveness.onnx)
FR_PACKAGE=faceplugin-face-recognition-js@0.0.1
FR_MODELS=(fr_feature.onnx fr_detect.onnx fr_liveness.onnx)
TARBALL_SHA=735a840226bbc6e7418b9c8796a979abf1c1cea04b4ee276ca890d8f571453a8

all_ok() {
  local f
  for f in "${NEEDED[@]}"; do [ -s "$f" ] || return 1; done
  sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1
}

if all_ok; then say "all models present and verified"; exit 0; fi

# 68-point predictor from libdlib-data (installed by scripts/setup.sh).
if [ ! -s shape_predictor_68_face_landmarks.dat ]; then
  src=/usr/share/dlib/shape_predictor_68_face_landmarks.dat
  [ -s "$src" ] || die "$src not found: install Debian package libdlib-data (scripts/setup.sh does)"
  say "copying 68-point landmark model from libdlib-data"
  cp "$src" shape_predictor_68_face_landmarks.dat
fi

need_tar=0
for f in dlib_face_recognition_resnet_model_v1.dat shape_predictor_5_face_landmarks.dat mmod_human_face_detector.dat; do
  [ -s "$f" ] || need_tar=1
done

if [ "$need_tar" = 1 ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/parts" "$work/src"
  say "building a private deb-src list from this machine's apt entries"
  apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Target-Of: deb' 'Identifier: Packages' \
    | sort -u | while read -r uri rel comp; do echo "deb-src $uri $rel $comp"; done > "$work/sources.list"
  [ -s "$work/sources.list" ] || die "no apt 'deb' entries found; run 'apt-get update' first"
  APT_OPTS=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts"
            -o "Dir::State::Lists=$work/lists" -o "Debug::NoLocking=1")
  say "downloading source indices (private state, system apt untouched)"
  apt-get "${APT_OPTS[@]}" update -q >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; die "apt-get update of the private source list failed"; }
  say "downloading Debian source package 'dlib' (about 100 MB; models only are kept)"
  (cd "$work/src" && apt-get "${APT_OPTS[@]}" source --download-only -q dlib >"$work/source.log" 2>&1) \
    || { cat "$work/source.log" >&2; die "apt-get source dlib failed"; }
  tarball="$(ls "$work"/src/dlib_*orig-dlib-models.tar.* 2>/dev/null | head -n1)"
  [ -n "$tarball" ] || die "the dlib source package has no orig-dlib-models tarball"
  got="$(sha256sum "$tarball" | cut -d' ' -f1)"
  if [ "$got" != "$TARBALL_SHA" ]; then
    say "warning: $(basename "$tarball") sha256 $got differs from the one in DESIGN.md; the per-file checks below decide"
  fi
  say "extracting models"
  mkdir -p "$work/x"
  tar -xjf "$tarball" -C "$work/x"
  for f in dlib_face_recognition_resnet_model_v1.dat shape_predictor_5_face_landmarks.dat mmod_human_face_detector.dat; do
    found="$(find "$work/x" -name "$f" -o -name "$f.bz2" | head -n1)"
    [ -n "$found" ] || die "$f not in $(basename "$tarball")"
    case "$found" in
      *.bz2) bunzip2 -c "$found" > "$f" ;;
      *) cp "$found" "$f" ;;
    esac
  done
fi

need_npm=0
for f in "${FR_MODELS[@]}"; do [ -s "$f" ] || need_npm=1; done
if [ "$need_npm" = 1 ]; then
  command -v npm >/dev/null || die "npm not found: install Debian package npm (needed once, to fetch $FR_PACKAGE)"
  npmwork="$(mktemp -d)"
  say "fetching $FR_PACKAGE with npm pack (the ONNX face models; about 40 MB)"
  (cd "$npmwork" && npm pack --silent "$FR_PACKAGE" >"$npmwork/pack.log" 2>&1) \
    || { cat "$npmwork/pack.log" >&2; rm -rf "$npmwork"; die "npm pack $FR_PACKAGE failed"; }
  tgz="$(ls "$npmwork"/*.tgz 2>/dev/null | head -n1)"
  [ -n "$tgz" ] || { rm -rf "$npmwork"; die "npm pack produced no tarball"; }
  members=()
  for f in "${FR_MODELS[@]}"; do [ -s "$f" ] || members+=("package/model/$f"); done
  tar -xzf "$tgz" -C "$npmwork" "${members[@]}" || { rm -rf "$npmwork"; die "$(basename "$tgz") lacks ${members[*]}"; }
  for m in "${members[@]}"; do
    f="$(basename "$m")"
    want="$(grep "  $f\$" SHA256SUMS | cut -d' ' -f1)"
    got="$(sha256sum "$npmwork/$m" | cut -d' ' -f1)"
    [ "$got" = "$want" ] || { rm -rf "$npmwork"; die "$f from $FR_PACKAGE has sha256 $got, expected $want"; }
    mv "$npmwork/$m" "$f"
  done
  rm -rf "$npmwork"
fi

say "verifying sha256"
sha256sum -c SHA256SUMS || die "a model file does not match models/SHA256SUMS; delete it and re-run"
say "models ready in $here"
