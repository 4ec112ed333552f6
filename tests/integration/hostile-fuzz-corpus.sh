#!/bin/sh
# The fuzz corpus (fuzz/corpus: the seeds and every input that ever made the
# fuzzer find something) replayed through the fuzz target's own function,
# built with the ordinary compiler (fuzz/fuzz-replay): a crash, a sanitizer
# finding or a broken output contract (see fuzz/fuzz-request.c) fails the test.
# scripts/run-fuzz runs libFuzzer itself.
. "$top_srcdir/tests/lib.sh"
REPLAY=$top_builddir/fuzz/fuzz-replay
[ -x "$REPLAY" ] || bail "$REPLAY is not built"
set -- "$top_srcdir"/fuzz/corpus/*
[ -f "$1" ] || bail "no fuzz/corpus"
# The target writes diagnostics for every refusal: not TAP.
${PCB_WRAPPER:-} "$REPLAY" "$@" 2>"$T/stderr"
st=$?
[ "$st" = 0 ] || { echo "not ok - fuzz-replay exited $st"; tail -n 20 "$T/stderr" | sed 's/^/# /'; exit 1; }
