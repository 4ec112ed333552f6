# report: pushcb-report, the push-result report over the event logs, its
# library (reading the log format, counting, writing), its man page and tests.

noinst_LIBRARIES += lib/libpcbreport.a
lib_libpcbreport_a_CPPFLAGS = $(AM_CPPFLAGS) $(ZLIB_CFLAGS)
lib_libpcbreport_a_SOURCES = \
	lib/pcb_logread.c lib/pcb_logread.h \
	lib/pcb_hashtab.c lib/pcb_hashtab.h \
	lib/pcb_dedup.c lib/pcb_dedup.h \
	lib/pcb_hist.c lib/pcb_hist.h \
	lib/pcb_latency.c lib/pcb_latency.h \
	lib/pcb_tz.c lib/pcb_tz.h \
	lib/pcb_report.c lib/pcb_report.h \
	lib/pcb_report_trend.c lib/pcb_report_trend.h \
	lib/pcb_report_table.c lib/pcb_report_table.h \
	lib/pcb_report_text.c \
	lib/pcb_report_tsv.c \
	lib/pcb_report_json.c \
	lib/pcb_report_html.c \
	lib/pcb_report_openmetrics.c \
	lib/pcb_report_out.c lib/pcb_report_out.h

# pcb_diag, pcb_utf8, pcb_logformat and pcb_caltime come from the core library.
REPORT_LIBS = lib/libpcbreport.a lib/libpushcb.a $(ZLIB_LIBS)

bin_PROGRAMS += pushcb-report
pushcb_report_SOURCES = pushcb-report.c
pushcb_report_LDADD = $(REPORT_LIBS)
dist_man_MANS += pushcb-report.1 pushcb-logs.5

REPORT_UNIT_TESTS = \
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
tests_unit_test_dedup_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_hist_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_latency_LDADD = tests/libtap.a $(REPORT_LIBS)
tests_unit_test_tz_LDADD = tests/libtap.a $(REPORT_LIBS)

REPORT_INTEGRATION_TESTS = \
	tests/integration/report-golden.sh \
	tests/integration/report-tz.sh \
	tests/integration/report-html.sh \
	tests/integration/report-html-render.sh \
	tests/integration/report-html-latency.sh \
	tests/integration/report-inputs.sh \
	tests/integration/report-bench-smoke.sh

TESTS += $(REPORT_INTEGRATION_TESTS)
EXTRA_DIST += $(REPORT_INTEGRATION_TESTS) tests/unit/report-lines.h bench/report-bench.sh
