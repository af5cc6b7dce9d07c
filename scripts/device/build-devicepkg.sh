#!/usr/bin/env bash
# Builds what scripts/device/README.md's device calls carry, under .devicepkg/ (git-ignored through
# .git/info/exclude):
#   chromium.tar.xz.part0..N  Debian bookworm's chromium-headless-shell with the chromium-common files it needs
#                             and every shared library outside glibc/libgcc/libstdc++ that it (or the NVIDIA
#                             Vulkan/EGL driver it loads) links, one self-contained folder `sweeplab-chromium/`
#                             run with LD_LIBRARY_PATH=<folder>/lib; split in parts of at most PART_MB.
#   app-dist.tar.gz           the production build (dist/, without datasets/: the driver serves public/).
#   fashion-mnist-full.bin.gz the full Fashion-MNIST as one app bundle (scripts/device/makeFmnistBundle.ts).
# Needs: Debian bookworm with apt (packages are fetched with apt-get download, never installed), the libraries
# of the `chromium` package installed (ldd resolves the closure against them), xz, node (for the bundle).
# Usage: bash scripts/device/build-devicepkg.sh [--skip-chromium] [--skip-dist] [--skip-fmnist]
#        env: WORK=/tmp/sweeplab-devicepkg  PART_MB=35  XZ_THREADS=1  DIST=dist (a fresh `vite build --mode bench` output)
set -euo pipefail
ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
PKG=$ROOT/.devicepkg
WORK=${WORK:-/tmp/sweeplab-devicepkg}
PART_MB=${PART_MB:-35}
XZ_THREADS=${XZ_THREADS:-1}
DIST=${DIST:-$ROOT/dist}
skip_chromium=0 skip_dist=0 skip_fmnist=0
for arg in "$@"; do
  case $arg in
    --skip-chromium) skip_chromium=1 ;;
    --skip-dist) skip_dist=1 ;;
    --skip-fmnist) skip_fmnist=1 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
mkdir -p "$PKG" "$WORK/debs"
grep -qxF '/.devicepkg/' "$ROOT/.git/info/exclude" 2>/dev/null || echo '/.devicepkg/' >>"$ROOT/.git/info/exclude"

if [ $skip_chromium = 0 ]; then
  ARCH=x86_64-linux-gnu
  cd "$WORK/debs"
  # The browser, its resources, the Vulkan loader and the GL dispatch libraries NVIDIA's driver plugs into.
  # vulkan-tools: vulkaninfo, to see what the Vulkan loader finds there when WebGPU does not.
  EXTRA_PKGS="libvulkan1 libglvnd0 libegl1 libgles2 libgl1 libglx0 libopengl0 fonts-dejavu-core vulkan-tools libwayland-client0"
  BASE_PKGS="chromium-headless-shell chromium-common $EXTRA_PKGS"
  apt-get download $BASE_PKGS >/dev/null
  rm -rf "$WORK/x" && mkdir -p "$WORK/x"
  for p in chromium-headless-shell chromium-common; do dpkg -x "$(ls -t ${p}_*.deb | head -1)" "$WORK/x"; done
  C="$WORK/x/usr/lib/chromium"

  # The closure: what ldd resolves for the shell, crashpad, SwiftShader and the GL dispatch libraries,
  # mapped to Debian packages, minus the C/C++ runtime every Linux image has.
  closure=$(for b in "$C/chromium-headless-shell" "$C/chrome_crashpad_handler" "$C/libvk_swiftshader.so" \
      /usr/lib/$ARCH/libGLX.so.0 /usr/lib/$ARCH/libEGL.so.1 /usr/lib/$ARCH/libGL.so.1; do ldd "$b"; done)
  if grep -q 'not found' <<<"$closure"; then
    echo "ldd cannot resolve some libraries; install Debian's chromium package first:" >&2
    grep 'not found' <<<"$closure" >&2
    exit 1
  fi
  lib_pkgs=$(awk '/=> \//{print $3}' <<<"$closure" | sort -u | while read -r lib; do
      real=$(realpath "$lib"); dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}"; done | cut -d: -f1 | sort -u |
    grep -vxE 'libc6|libgcc-s1|libstdc\+\+6')
  apt-get download $lib_pkgs >/dev/null
  rm -rf "$WORK/libroot" && mkdir -p "$WORK/libroot"
  for p in $lib_pkgs $EXTRA_PKGS; do
    dpkg -x "$(ls -t ${p}_*.deb | head -1)" "$WORK/libroot"
  done

  S=$WORK/stage/sweeplab-chromium
  rm -rf "$WORK/stage" && mkdir -p "$S/lib/nss" "$S/fonts" "$S/bin"
  # The shell and the chromium-common files it reads. Left out, as the shell ran the suites without them:
  # resources.pak, chrome_*_percent.pak and locales/ (full Chrome's UI; the shell has headless_*.pak; 20 MB
  # compressed), the Vulkan validation layer and mock ICD.
  cp -a "$C/chromium-headless-shell" "$C"/headless_*.pak "$C/chrome_crashpad_handler" "$C/icudtl.dat" \
    "$C/v8_context_snapshot.bin" "$C/snapshot_blob.bin" \
    "$C/libvk_swiftshader.so" "$C/vk_swiftshader_icd.json" "$C/libvulkan.so.1" "$C/libEGL.so" "$C/libGLESv2.so" "$S/"
  cp -a "$WORK/libroot/usr/bin/vulkaninfo" "$S/bin/"
  # Shared libraries, flat (symlinks kept); NSS's loadable modules also in lib/nss as Debian lays them out.
  for d in "$WORK/libroot/usr/lib/$ARCH" "$WORK/libroot/lib/$ARCH"; do
    [ -d "$d" ] || continue
    find "$d" -maxdepth 1 \( -type f -o -type l \) -name '*.so*' -exec cp -a {} "$S/lib/" \;
    [ -d "$d/pulseaudio" ] && find "$d/pulseaudio" -name '*.so*' -exec cp -a {} "$S/lib/" \;
    [ -d "$d/nss" ] && cp -a "$d/nss/." "$S/lib/nss/"
  done
  cp "$WORK/libroot/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" "$S/fonts/"
  cat >"$S/fonts.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir prefix="relative">fonts</dir>
  <cachedir>/tmp/sweeplab-fontconfig-cache</cachedir>
</fontconfig>
EOF
  # What the driver does (scripts/device/gpu_bench.py), as a shell line for a quick manual check.
  cat >"$S/run.sh" <<'EOF'
#!/bin/sh
# Starts the bundled headless shell with its own libraries; NVIDIA's driver libraries are looked up there too.
here=$(cd "$(dirname "$0")" && pwd)
export LD_LIBRARY_PATH="$here/lib:$here/lib/nss:/usr/local/nvidia/lib64:/usr/local/nvidia/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export FONTCONFIG_FILE="$here/fonts.conf"
exec "$here/chromium-headless-shell" "$@"
EOF
  chmod +x "$S/run.sh"
  (cd "$S" && find . -type f | sort | xargs sha256sum >"$WORK/stage/MANIFEST.sha256" && mv "$WORK/stage/MANIFEST.sha256" "$S/")
  du -sh "$S" | sed 's/^/staged: /'

  rm -f "$PKG"/chromium.tar.xz.part*
  tar -C "$WORK/stage" -cf - sweeplab-chromium | nice xz -9 -T"$XZ_THREADS" >"$WORK/chromium.tar.xz"
  split -b "${PART_MB}M" -d -a 1 "$WORK/chromium.tar.xz" "$PKG/chromium.tar.xz.part"
  (cd "$PKG" && sha256sum "$WORK/chromium.tar.xz" | awk '{print $1"  chromium.tar.xz"}' >chromium.tar.xz.sha256)
fi

if [ $skip_dist = 0 ]; then
  [ -f "$DIST/bench.html" ] || { echo "no bench build in $DIST: run npx vite build --mode bench first (the production build leaves bench.html out)" >&2; exit 1; }
  tar -C "$DIST" --exclude=./datasets -czf "$PKG/app-dist.tar.gz" .
fi

if [ $skip_fmnist = 0 ]; then
  (cd "$ROOT" && npx tsx scripts/device/makeFmnistBundle.ts "$PKG/fashion-mnist-full.bin.gz")
fi
ls -l "$PKG"
