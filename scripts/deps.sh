#!/bin/sh
# SPDX-License-Identifier: MIT
# deps.sh — install the Debian packages entente needs, only when missing.
# Idempotent: does nothing (and needs no network) when everything is present.
set -e
# man-db: man -l renders the manual pages in a test; python3-*: the Python package (python/)
PKGS="libfyaml-dev libgmp-dev libcmocka-dev coinor-libclp-dev pkg-config clang libclang-rt-14-dev man-db libsqlite3-dev
      python3 python3-dev python3-venv python3-cffi python3-setuptools"
# the briefing's checks (entente report, issue 14): well-formedness and a headless browser
PKGS="$PKGS libxml2-utils chromium chromium-driver python3-selenium"
# PNG and PDF figures (entente report --figure-formats png,pdf): cairo and librsvg; the build
# links them into the command line when pkg-config finds librsvg-2.0
PKGS="$PKGS libcairo2-dev librsvg2-dev"
# the Python package's tests (python/tests, scripts/python_test.sh): pytest runs them, pandas
# for to_frame(), matplotlib for the worked example of docs/python.md (issue 16); openpyxl
# reads .xlsx expert surveys for entente.survey() (issue 12; Debian 12 has no C xlsx reader)
PKGS="$PKGS python3-openpyxl python3-pytest python3-pandas python3-matplotlib"
# MPI (entente simulate over several processes or machines, issue 13): the build makes
# build/entente-mpi beside build/entente when mpicc is present; libentente never links libmpi
PKGS="$PKGS openmpi-bin libopenmpi-dev"
# the precondition graph of the briefing laid out by Graphviz's dot (issue 14): libgvc and
# libcgraph, linked into libentente when pkg-config finds libgvc (EPL-1.0, docs/licences.md)
PKGS="$PKGS libgraphviz-dev"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "entente: installing missing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
