#!/bin/sh
# Regenerates the DEX files of the manifest-reachability test
# (reach_test.go) from their smali sources. Needs Debian's smali (package
# libsmali-java). Run from anywhere.
set -eu
cd "$(dirname "$0")"
smali assemble -j 1 --api 21 -o app.dex app/
smali assemble -j 1 --api 21 -o enabler.dex enabler/
ls -l app.dex enabler.dex
