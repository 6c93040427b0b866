#!/bin/sh
# Regenerates the committed test DEX of the taint engine from its smali
# sources. Needs Debian's smali (package libsmali-java). Run from anywhere.
set -eu
cd "$(dirname "$0")"
smali assemble -j 1 --api 21 -o cases.dex smali/
ls -l cases.dex
# the constant-index array cases (arrays_test.go), kept apart from the
# shape table of engine_test.go
smali assemble -j 1 --api 21 -o arrays.dex smali-arrays/
ls -l arrays.dex
