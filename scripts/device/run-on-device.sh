#!/usr/bin/env bash
# The last device call of scripts/device/README.md: gathers the Chromium parts (earlier calls left theirs in
# /tmp/slpkg; this call carries the rest under .devicepkg/), checks and unpacks them into /tmp/sl (never /),
# unpacks the app build, and runs scripts/device/gpu_bench.py with any arguments given here.
# Usage (repo root, on the device): bash scripts/device/run-on-device.sh [gpu_bench.py options]
#        bash scripts/device/run-on-device.sh --stash   (earlier calls: only copy the carried parts to /tmp/slpkg)
set -u
PK=/tmp/slpkg
SL=/tmp/sl
mkdir -p "$PK"
for f in .devicepkg/chromium.tar.xz.part* .devicepkg/chromium.tar.xz.sha256; do
  [ -f "$f" ] && cp "$f" "$PK/"
done
ls -l "$PK"
if [ "${1:-}" = "--stash" ]; then
  # Facts for the run that follows, at no extra cost.
  (nvidia-smi -L; . /etc/os-release && echo "$PRETTY_NAME"; nproc; df -h /tmp /dev/shm | tail -2
   ls /usr/local/nvidia /usr/local/nvidia/share/vulkan/icd.d 2>&1; command -v xz python3) 2>&1
  exit 0
fi
t0=$(date +%s)
if [ ! -x "$SL/sweeplab-chromium/chromium-headless-shell" ]; then
  if [ ! -f "$PK/chromium.tar.xz.sha256" ]; then echo "no chromium.tar.xz.sha256: carry .devicepkg/chromium.tar.xz.sha256"; exit 3; fi
  cat "$PK"/chromium.tar.xz.part* >"$PK/chromium.tar.xz"
  if ! (cd "$PK" && sha256sum -c chromium.tar.xz.sha256); then
    echo "Chromium parts incomplete or damaged (above). The parts of earlier calls live in /tmp of a warm machine:"
    echo "if this machine was a fresh one, repeat the calls that stash them, back to back, then this one."
    exit 3
  fi
  mkdir -p "$SL"
  python3 -c "
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    t.extractall(sys.argv[2], **({'filter': 'tar'} if hasattr(tarfile, 'tar_filter') else {}))
" "$PK/chromium.tar.xz" "$SL" || exit 3
  rm -f "$PK/chromium.tar.xz"
fi
rm -rf "$SL/dist" && mkdir -p "$SL/dist" && tar -C "$SL/dist" -xzf .devicepkg/app-dist.tar.gz || { echo "carry .devicepkg/app-dist.tar.gz"; exit 3; }
echo "unpacked in $(($(date +%s) - t0)) s"
fmnist=()
[ -f .devicepkg/fashion-mnist-full.bin.gz ] && fmnist=(--fmnist-bundle .devicepkg/fashion-mnist-full.bin.gz)
PYTHONUNBUFFERED=1 exec python3 scripts/device/gpu_bench.py --chrome "$SL/sweeplab-chromium" --dist "$SL/dist" "${fmnist[@]}" --out "${OUT:-/tmp/sl/out}" "$@"
