# hostile: hostile input, faults, fuzzing, sanitizers and hardening (issue 4).
# Scripts: scripts/run-fuzz, scripts/check-sanitizers, scripts/check-valgrind
# (both through scripts/run-wrapped); the security story is in doc/security.md.

# The fault shim (LD_PRELOAD) for tests/integration/fault-*.sh: a shared object,
# built without the sanitizers (an ASan runtime must come first in a process).
check_PROGRAMS += tests/fault-inject.so
tests_fault_inject_so_SOURCES = tests/fault-inject.c
tests_fault_inject_so_CPPFLAGS =
tests_fault_inject_so_CFLAGS = -std=c11 -fPIC $(WARN_CFLAGS)
tests_fault_inject_so_LDFLAGS = -shared
tests_fault_inject_so_LDADD = -ldl

# The fuzz targets' bodies, replayed over the committed corpora by every make check:
# fuzz/corpus through fuzz-request, fuzz/corpus-report through fuzz-report.
check_PROGRAMS += fuzz/fuzz-replay fuzz/fuzz-report-replay
fuzz_fuzz_replay_SOURCES = fuzz/fuzz-request.c fuzz/fuzz-replay.c
fuzz_fuzz_replay_LDADD = $(CORE_LIBS)
fuzz_fuzz_report_replay_SOURCES = fuzz/fuzz-report.c fuzz/fuzz-replay.c
fuzz_fuzz_report_replay_LDADD = $(REPORT_LIBS) $(JSONC_LIBS)

# The libFuzzer targets themselves: ./configure --enable-fuzz CC=clang (scripts/run-fuzz).
if ENABLE_FUZZ
noinst_PROGRAMS += fuzz/fuzz-request fuzz/fuzz-report
fuzz_fuzz_request_SOURCES = fuzz/fuzz-request.c
fuzz_fuzz_request_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_request_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_fuzz_request_LDADD = $(CORE_LIBS)
fuzz_fuzz_report_SOURCES = fuzz/fuzz-report.c
fuzz_fuzz_report_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_report_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_fuzz_report_LDADD = $(REPORT_LIBS) $(JSONC_LIBS)
endif

HOSTILE_TESTS = \
	tests/integration/hostile-corpus.sh \
	tests/integration/hostile-fuzz-corpus.sh \
	tests/integration/hostile-fuzz-report-corpus.sh \
	tests/integration/security-sign.sh \
	tests/integration/security-hardening.sh \
	tests/integration/sandbox-exploit.sh \
	tests/integration/fault-disk-full.sh \
	tests/integration/fault-fallback.sh \
	tests/integration/fault-file-size.sh \
	tests/integration/fault-logdir.sh \
	tests/integration/fault-sigkill.sh \
	tests/integration/fault-logrotate.sh \
	tests/integration/fault-rotate-empty.sh \
	tests/integration/fault-rotate-churn.sh \
	tests/integration/fault-sigterm.sh \
	tests/integration/fault-fsync.sh \
	tests/integration/fault-memory.sh

TESTS += $(HOSTILE_TESTS)
EXTRA_DIST += $(HOSTILE_TESTS) tests/fault-lib.sh tests/exploit-shim.c tests/sandbox-lib.sh fuzz/corpus fuzz/corpus-report \
	scripts/run-fuzz scripts/check-sanitizers scripts/check-valgrind scripts/run-wrapped \
	scripts/packages/hostile.txt

# The exploit shim (LD_PRELOAD) for tests/integration/sandbox-exploit.sh: once a
# worker has answered, it tries what an exploit would. Never installed.
check_PROGRAMS += tests/exploit-shim.so
tests_exploit_shim_so_SOURCES = tests/exploit-shim.c
tests_exploit_shim_so_CPPFLAGS = $(FCGI_CFLAGS)
tests_exploit_shim_so_CFLAGS = -std=c11 -fPIC $(WARN_CFLAGS)
tests_exploit_shim_so_LDFLAGS = -shared
tests_exploit_shim_so_LDADD = -ldl
