# Tests of the receiver: unit tests of lib/ (C, TAP) and integration tests of
# the real binary (shell, TAP).

check_LIBRARIES = tests/libtap.a
tests_libtap_a_SOURCES = tests/tap.c tests/tap.h

CORE_UNIT_TESTS = \
	tests/unit/test-buf \
	tests/unit/test-error-table \
	tests/unit/test-query \
	tests/unit/test-body-length \
	tests/unit/test-utf8 \
	tests/unit/test-logformat-escape \
	tests/unit/test-logformat-names \
	tests/unit/test-logformat-unescape \
	tests/unit/test-scan \
	tests/unit/test-scan-words \
	tests/unit/test-batch-golden \
	tests/unit/test-batch-events \
	tests/unit/test-batch-unknown \
	tests/unit/test-reject-reason \
	tests/unit/test-logfile \
	tests/unit/test-housekeep \
	tests/unit/test-config \
	tests/unit/test-sign \
	tests/unit/test-handler \
	tests/unit/test-handler-fallback \
	tests/unit/test-metrics \
	tests/unit/test-listen \
	tests/unit/test-read-deadline \
	tests/unit/test-config-file \
	tests/unit/test-oneshot \
	tests/unit/test-serve \
	tests/unit/test-options \
	tests/unit/test-metrics-move \
	tests/unit/test-metrics-shrunk \
	tests/unit/test-sandbox \
	tests/unit/test-confine

check_PROGRAMS += $(CORE_UNIT_TESTS) tests/fcgi-send
TESTS += $(CORE_UNIT_TESTS)

# Each unit test is tests/unit/NAME.c, linked with LDADD (Makefile.am).

tests_fcgi_send_SOURCES = tests/fcgi-send.c
# Linked with LDADD (Makefile.am) for pcb_write_all.

CORE_INTEGRATION_TESTS = \
	tests/integration/sample-golden.sh \
	tests/integration/cgi-mode.sh \
	tests/integration/refusals.sh \
	tests/integration/reject-log.sh \
	tests/integration/unknown-fields.sh \
	tests/integration/log-line-breaks.sh \
	tests/integration/workers-append.sh \
	tests/integration/rotation.sh \
	tests/integration/signals.sh \
	tests/integration/read-timeout.sh \
	tests/integration/listen-modes.sh \
	tests/integration/config.sh \
	tests/integration/malloc-build.sh \
	tests/integration/json-suite.sh \
	tests/integration/doc-examples.sh \
	tests/integration/style.sh

TESTS += $(CORE_INTEGRATION_TESTS)
EXTRA_DIST += $(CORE_INTEGRATION_TESTS) tests/lib.sh tests/data

# test-oneshot prints --version, which asks mimalloc (when linked) whether it serves malloc.
tests_unit_test_oneshot_LDADD = $(LDADD) $(MIMALLOC_LIBS)
