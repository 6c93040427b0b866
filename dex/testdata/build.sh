#!/bin/sh
# Regenerates the committed test DEX files from their smali sources.
# Needs Debian's smali (package libsmali-java). Run from anywhere.
set -eu
cd "$(dirname "$0")"
S=smali
smali assemble -j 1 --api 21 -o basic.dex  $S/basic/
smali assemble -j 1 --api 21 -o values.dex $S/values/
smali assemble -j 1 --api 28 -o api28.dex  $S/api28/
smali assemble -j 1 --api 10 --allow-odex-opcodes -o odex.dex $S/odex/
smali assemble -j 1 --api 21 -o multi1.dex $S/multi1/
smali assemble -j 1 --api 21 -o multi2.dex $S/multi2/
ls -l *.dex
