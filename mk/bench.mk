# bench: push_callback against the transport floor and a PHP-FPM handler
# behind nginx (bench/run), and the instruction count of our own code against
# json-c's bare parse (bench/parse-cost under callgrind). See BENCHMARKS.md.
# `make` builds the programs; `bench/run` runs the benchmark; `make check`
# runs it briefly as a smoke test that never asserts a time.

noinst_PROGRAMS += bench/gen-batch bench/floor bench/parse-cost
bench_gen_batch_SOURCES = bench/gen-batch.c
bench_gen_batch_LDADD =
bench_floor_SOURCES = bench/floor.c
bench_floor_CPPFLAGS = $(AM_CPPFLAGS) $(FCGI_CFLAGS)
bench_floor_LDADD = $(FCGI_LIBS)
bench_parse_cost_SOURCES = bench/parse-cost.c
# The same malloc as push_callback: the counts are those of the receiver as built.
bench_parse_cost_LDADD = $(CORE_LIBS) $(MIMALLOC_LIBS)

dist_noinst_SCRIPTS += bench/run bench/syscalls bench/instructions
EXTRA_DIST += bench/handler.php bench/post.lua BENCHMARKS.md

BENCH_TESTS = tests/integration/bench-smoke.sh
TESTS += $(BENCH_TESTS)
EXTRA_DIST += $(BENCH_TESTS)
