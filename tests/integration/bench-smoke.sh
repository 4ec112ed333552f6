#!/bin/sh
# bench-smoke: the benchmark (bench/run --quick) runs end to end: every
# contender answers, every event of every answered batch is logged, and the
# table, the ratios and the instruction counts are printed. It asserts no
# time: the numbers it prints are not checked, only that they exist.
. "$top_srcdir/tests/lib.sh"

PATH=$PATH:/usr/sbin
need nginx spawn-fcgi multiwatch wrk curl
ls /usr/sbin/php-fpm* >/dev/null 2>&1 || command -v php-fpm >/dev/null 2>&1 ||
	missing "php-fpm (scripts/setup-debian bench)"
# Under ASan the figures mean nothing and callgrind cannot run the program.
if ldd "$PCB" 2>/dev/null | grep -q 'libasan'; then
	skip_all "push_callback is built with sanitizers: the benchmark runs on the plain build"
fi

out=$T/bench.out
TMPDIR=$T top_builddir=$top_builddir bash "$top_srcdir/bench/run" --quick > "$out" 2>&1
rc=$?
sed 's/^/# /' "$out"
is "$rc" 0 "bench/run --quick exits 0 (every check held)"
ok "every event of every answered batch was logged" grep -q '^check: every event' "$out"
for who in push_callback floor php-fpm; do
	ok "the table has 1- and 100-event rows for $who" \
		sh -c "grep -Eq '^1 +$who ' '$out' && grep -Eq '^100 +$who ' '$out'"
done
ok "the ratios against PHP and the floor are printed" \
	sh -c "grep -q 'push_callback / php-fpm = [0-9]' '$out' && grep -q 'push_callback / floor   = [0-9]' '$out'"
ok "the rate run and the memory run report" \
	sh -c "grep -q '^at [0-9]* requests/s' '$out' && grep -q '^memory per worker: peak RSS [0-9]' '$out'"
if command -v valgrind >/dev/null 2>&1; then
	ok "callgrind counted json-c and the handler" grep -Eq 'pcb_handler_head.* [0-9]+ ' "$out"
fi
done_testing
