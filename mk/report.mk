# report: pushcb-report, the push-result report over the event logs, its
# library (reading the log format, counting, writing), its man page and tests.

noinst_LIBRARIES += lib/report/libpcbreport.a
lib_report_libpcbreport_a_CPPFLAGS = $(REPORT_CPPFLAGS) $(ZLIB_CFLAGS)
lib_report_libpcbreport_a_SOURCES = \
	lib/report/pcb_logread.c lib/report/pcb_logread.h \
	lib/report/pcb_hashtab.c lib/report/pcb_hashtab.h \
	lib/report/pcb_dedup.c lib/report/pcb_dedup.h \
	lib/report/pcb_hist.c lib/report/pcb_hist.h \
	lib/report/pcb_latency.c lib/report/pcb_latency.h \
	lib/report/pcb_tz.c lib/report/pcb_tz.h \
	lib/report/pcb_report.c lib/report/pcb_report.h \
	lib/report/pcb_report_names.c lib/report/pcb_report_names.h \
	lib/report/pcb_readfile.c lib/report/pcb_readfile.h \
	lib/report/pcb_report_trend.c lib/report/pcb_report_trend.h \
	lib/report/pcb_report_table.c lib/report/pcb_report_table.h \
	lib/report/format/pcb_report_text.c \
	lib/report/format/pcb_report_tsv.c \
	lib/report/format/pcb_report_json.c \
	lib/report/format/pcb_report_html.c \
	lib/report/format/pcb_report_openmetrics.c \
	lib/report/pcb_report_out.c lib/report/pcb_report_out.h \
	lib/report/pcb_report_confine.c lib/report/pcb_report_confine.h

# pcb_diag, pcb_utf8, pcb_logformat and pcb_caltime come from the common library.
REPORT_LIBS = lib/report/libpcbreport.a $(COMMON_LIBS) $(ZLIB_LIBS)

bin_PROGRAMS += pushcb-report
pushcb_report_SOURCES = pushcb-report.c
pushcb_report_CPPFLAGS = $(REPORT_CPPFLAGS)
# -j: threads read ahead of the counting.
pushcb_report_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
pushcb_report_LDFLAGS = $(AM_LDFLAGS) $(PTHREAD_CFLAGS)
pushcb_report_LDADD = $(REPORT_LIBS)
dist_man_MANS += pushcb-report.1 pushcb-logs.5

REPORT_UNIT_TESTS = \
	tests/unit/test-report-names \
	tests/unit/test-logread-split \
	tests/unit/test-logread-file \
	tests/unit/test-report-time \
	tests/unit/test-report-funnel \
	tests/unit/test-report-dedup \
	tests/unit/test-report-dedup-collision \
	tests/unit/test-report-time-range \
	tests/unit/test-report-errors \
	tests/unit/test-report-bind \
	tests/unit/test-report-trend \
	tests/unit/test-report-rate \
	tests/unit/test-dedup \
	tests/unit/test-hist \
	tests/unit/test-latency \
	tests/unit/test-tz

check_PROGRAMS += $(REPORT_UNIT_TESTS)
TESTS += $(REPORT_UNIT_TESTS)
tests_unit_test_logread_split_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_logread_file_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_time_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_funnel_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_dedup_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_dedup_collision_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_time_range_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_errors_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_bind_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_trend_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_rate_LDADD = tests/libtap.a $(REPORT_LIBS) -lm
tests_unit_test_dedup_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_hist_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_latency_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_tz_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_report_names_LDADD = tests/libtap.a $(REPORT_LIBS)

REPORT_INTEGRATION_TESTS = \
	tests/integration/report-golden.sh \
	tests/integration/report-tz.sh \
	tests/integration/report-html.sh \
	tests/integration/report-html-render.sh \
	tests/integration/report-html-latency.sh \
	tests/integration/report-inputs.sh \
	tests/integration/report-odd-input.sh \
	tests/integration/report-jobs.sh \
	tests/integration/report-bench-smoke.sh

TESTS += $(REPORT_INTEGRATION_TESTS)
EXTRA_DIST += $(REPORT_INTEGRATION_TESTS) tests/unit/report-lines.h bench/report-bench.sh \
	bench/report-duckdb.sh bench/report-duckdb.mjs
