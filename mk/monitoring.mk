# Monitoring: the receiver's counters (push_callback --metrics) and the
# Prometheus alert rules shipped in deploy/prometheus, tested with promtool.

MONITORING_INTEGRATION_TESTS = \
	tests/integration/metrics.sh \
	tests/integration/metrics-truncate.sh \
	tests/integration/prometheus-rules.sh \
	tests/integration/prometheus-e2e.sh \
	tests/integration/report-openmetrics.sh

TESTS += $(MONITORING_INTEGRATION_TESTS)
EXTRA_DIST += $(MONITORING_INTEGRATION_TESTS)
# Shipped beside the rest of deploy/ (deploy.mk).
nobase_dist_pcbdoc_DATA += deploy/prometheus/push_callback.rules.yml \
	deploy/prometheus/push-callback-metrics.service deploy/prometheus/push-callback-metrics.timer
# The script the metrics service runs: a program, not documentation (a
# dpkg path-exclude of /usr/share/doc must not take it away).
dist_pkglibexec_SCRIPTS = deploy/prometheus/pushcb-textfile
