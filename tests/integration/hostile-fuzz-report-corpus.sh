#!/bin/sh
# The report's fuzz corpus (fuzz/corpus-report: the seeds and every input that
# ever made the fuzzer find something) replayed through fuzz-report's own
# function, built with the ordinary compiler (fuzz/fuzz-report-replay): a
# crash, a sanitizer finding or counts that disagree (see fuzz/fuzz-report.c)
# fail the test. scripts/run-fuzz runs libFuzzer itself.
. "$top_srcdir/tests/lib.sh"
REPLAY=$top_builddir/fuzz/fuzz-report-replay
[ -x "$REPLAY" ] || bail "$REPLAY is not built"
set -- "$top_srcdir"/fuzz/corpus-report/*
[ -f "$1" ] || bail "no fuzz/corpus-report"
${PCB_WRAPPER:-} "$REPLAY" "$@" 2>"$T/stderr"
st=$?
[ "$st" = 0 ] || { echo "not ok - fuzz-report-replay exited $st"; tail -n 20 "$T/stderr" | sed 's/^/# /'; exit 1; }
