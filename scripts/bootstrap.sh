#!/usr/bin/env bash
# Installs what conform needs on a fresh Debian machine: the -dev packages of the three C libraries
# it links (libyaml, libcurl, OpenSSL), xmllint for the JUnit schema tests, and the reference stack's
# Python virtual environment. Each part is skipped when it is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libyaml-dev libcurl4-openssl-dev libssl-dev libxml2-utils pkg-config)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "bootstrap: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

venv=Fixtures/stack/.venv
stamp="$venv/requirements.installed"
if [ ! -x "$venv/bin/python" ] || ! cmp -s Fixtures/stack/requirements.txt "$stamp"; then
  echo "bootstrap: creating the reference stack's virtual environment in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r Fixtures/stack/requirements.txt
  cp Fixtures/stack/requirements.txt "$stamp"
fi
echo "bootstrap: system packages and the stack's virtual environment are in place"
