# multihost: push_callback on several hosts. nginx balancing the callback URL
# over several backends (deploy/multihost/), and rsyslog collecting every host's
# logs into one place (deploy/rsyslog/), with the tests that run both on
# loopback (see doc/several-hosts.md).

nobase_dist_pcbdoc_DATA += \
	deploy/multihost/upstream.conf \
	deploy/multihost/push_callback.conf \
	deploy/rsyslog/rsyslog-local.conf \
	deploy/rsyslog/pushcb-input.conf \
	deploy/rsyslog/pushcb-forward-relp.conf \
	deploy/rsyslog/pushcb-forward-kafka.conf \
	deploy/rsyslog/pushcb-collector.conf \
	deploy/rsyslog/pushcb-collector-kafka.conf


# Root, nginx and Debian's rsyslog with rsyslog-relp (skipped when missing).
# follow-append-only.sh also needs spawn-fcgi, multiwatch and the fault shim
# (tests/fault-inject.so, mk/hostile.mk).
MULTIHOST_TESTS = \
	tests/integration/multihost-failover.sh \
	tests/integration/multihost-rsyslog.sh \
	tests/integration/follow-append-only.sh
TESTS += $(MULTIHOST_TESTS)
EXTRA_DIST += $(MULTIHOST_TESTS) tests/multihost-lib.sh scripts/packages/multihost.txt
