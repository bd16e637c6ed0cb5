#!/usr/bin/env bash
# Installs the Debian packages preflight needs to build and test, and only those
# that are missing (and those named as arguments). Runs apt-get through sudo when not root. Nothing else is
# downloaded at build or run time.
set -euo pipefail
PACKAGES=(build-essential cmake pkg-config ninja-build
  libpoppler-private-dev libqpdf-dev libcli11-dev libfmt-dev libspdlog-dev catch2
  libtomlplusplus-dev nlohmann-json3-dev libutf8proc-dev libre2-dev
  zlib1g-dev qpdf poppler-utils libcpp-httplib-dev "$@")  # more packages may be named (install-test-deps.sh)
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing missing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
