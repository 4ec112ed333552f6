# reconcile: pushcb-reconcile, Tencent's push statistics beside the logs'
# counts (issue 24): its library (UserSig, the API's answers, the
# comparison, the output formats), its man page and tests.

# lib/reconcile sees common, report and its own headers, never the receiver
# (lib/reconcile/README); the program also reads the receiver's pcb_config.
RECONCILE_CPPFLAGS = $(REPORT_CPPFLAGS) -I$(top_srcdir)/lib/reconcile
# Tests see everything, as the other tests do (Makefile.am's AM_CPPFLAGS).
RECONCILE_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib/reconcile

noinst_LIBRARIES += lib/reconcile/libpcbreconcile.a
lib_reconcile_libpcbreconcile_a_CPPFLAGS = $(RECONCILE_CPPFLAGS)
lib_reconcile_libpcbreconcile_a_SOURCES = \
	lib/reconcile/pcb_usersig.c lib/reconcile/pcb_usersig.h \
	lib/reconcile/pcb_tapi.c lib/reconcile/pcb_tapi.h \
	lib/reconcile/pcb_reconcile.c lib/reconcile/pcb_reconcile.h \
	lib/reconcile/pcb_reconcile_out.c

# The counting is pushcb-report's (REPORT_LIBS, report.mk).
RECONCILE_LIBS = lib/reconcile/libpcbreconcile.a $(REPORT_LIBS) $(JSONC_LIBS) $(CRYPTO_LIBS) $(ZLIB_LIBS)

bin_PROGRAMS += pushcb-reconcile
pushcb_reconcile_SOURCES = pushcb-reconcile.c
pushcb_reconcile_CPPFLAGS = $(RECONCILE_CPPFLAGS) -I$(top_srcdir)/lib/receiver $(CURL_CFLAGS)
pushcb_reconcile_LDADD = $(RECONCILE_LIBS) lib/receiver/libpcbreceiver.a $(COMMON_LIBS) $(CURL_LIBS)
dist_man_MANS += pushcb-reconcile.1

RECONCILE_UNIT_TESTS = \
	tests/unit/test-usersig \
	tests/unit/test-tapi-parse \
	tests/unit/test-reconcile-compare \
	tests/unit/test-reconcile-days

check_PROGRAMS += $(RECONCILE_UNIT_TESTS)
TESTS += $(RECONCILE_UNIT_TESTS)
tests_unit_test_usersig_CPPFLAGS = $(RECONCILE_TEST_CPPFLAGS)
tests_unit_test_usersig_LDADD = tests/libtap.a $(RECONCILE_LIBS)
tests_unit_test_tapi_parse_CPPFLAGS = $(RECONCILE_TEST_CPPFLAGS)
tests_unit_test_tapi_parse_LDADD = tests/libtap.a $(RECONCILE_LIBS)
tests_unit_test_reconcile_compare_CPPFLAGS = $(RECONCILE_TEST_CPPFLAGS)
tests_unit_test_reconcile_compare_LDADD = tests/libtap.a $(RECONCILE_LIBS)
tests_unit_test_reconcile_days_CPPFLAGS = $(RECONCILE_TEST_CPPFLAGS)
tests_unit_test_reconcile_days_LDADD = tests/libtap.a $(RECONCILE_LIBS)

RECONCILE_INTEGRATION_TESTS = \
	tests/integration/reconcile-e2e.sh \
	tests/integration/reconcile-api-errors.sh \
	tests/integration/reconcile-key-secrecy.sh \
	tests/integration/reconcile-partial.sh \
	tests/integration/reconcile-fallback.sh \
	tests/integration/reconcile-alert.sh

TESTS += $(RECONCILE_INTEGRATION_TESTS)
EXTRA_DIST += lib/reconcile/README $(RECONCILE_INTEGRATION_TESTS) tests/tencent-standin.py tests/reconcile-gen.py tests/reconcile-lib.sh

# The daily comparison for Prometheus: shipped beside the rest of deploy/ (deploy.mk).
nobase_dist_pcbdoc_DATA += deploy/prometheus/pushcb-reconcile.rules.yml \
	deploy/prometheus/push-callback-reconcile.service deploy/prometheus/push-callback-reconcile.timer
# Its script is a program, beside pushcb-textfile (monitoring.mk).
dist_pkglibexec_SCRIPTS += deploy/prometheus/pushcb-reconcile-textfile
EXTRA_DIST += tests/data/prometheus/reconcile.test.yml
