#!/usr/bin/env bash
# Installs the system libraries pcx links against, if any is missing:
# OpenBLAS (cblas.h), LAPACKE (lapacke.h), libedit (histedit.h) and pkg-config.
# As root it runs apt-get; otherwise it prints the exact command to run and stops.
set -euo pipefail

packages=(pkg-config libopenblas-dev liblapacke-dev libedit-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: run this, then try again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no 'swift' on PATH; install Swift 6 (https://www.swift.org/install/linux/) first" >&2
  exit 1
fi
