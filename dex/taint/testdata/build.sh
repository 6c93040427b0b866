#!/bin/sh
# Regenerates the committed test DEX of the taint engine from its smali
# sources. Needs Debian's smali (package libsmali-java). Run from anywhere.
set -eu
cd "$(dirname "$0")"
smali assemble -j 1 --api 21 -o cases.dex smali/
ls -l cases.dex
