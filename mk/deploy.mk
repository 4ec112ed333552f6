# deploy: the ways into push_callback through servers users already run (deploy/),
# the man page, the example configuration, and the tests that run each way for
# real (tests/integration/deploy-*.sh; see doc/deployment.md).

dist_man_MANS += push_callback.8

# The example configuration (listed in EXTRA_DIST by Makefile.am).
pcbexamplesdir = $(docdir)/examples
pcbexamples_DATA = push_callback.conf.example

# deploy/ as shipped, under $(docdir)/deploy/, and the documentation pages
# (doc/, which the README points to) under $(docdir)/doc/.
pcbdocdir = $(docdir)
nobase_dist_pcbdoc_DATA = \
	doc/requests.md \
	doc/deployment.md \
	doc/security.md \
	doc/several-hosts.md \
	deploy/sample-request.json \
	deploy/nginx/routing.conf \
	deploy/nginx/push_callback.conf \
	deploy/nginx/site.conf \
	deploy/nginx/app-standin.conf \
	deploy/nginx/nginx-local.conf \
	deploy/systemd/push-callback.socket \
	deploy/systemd/push-callback.service \
	deploy/systemd/push-callback.sysusers \
	deploy/systemd/push-callback.tmpfiles \
	deploy/systemd/push-callback-housekeep.service \
	deploy/systemd/push-callback-housekeep.timer \
	deploy/apache/push_callback-fcgid.conf \
	deploy/htaccess/fcgid/.htaccess \
	deploy/htaccess/cgi/.htaccess
nobase_dist_pcbdoc_SCRIPTS = \
	deploy/render \
	deploy/spawn-fcgi/push_callback-spawn \
	deploy/nginx/nginx-local


# scripts/quickstart: the README's first command.
dist_noinst_SCRIPTS += scripts/quickstart

# Each way in, end to end against Debian's servers on loopback (root; skipped
# when a server's package is missing).
DEPLOY_TESTS = \
	tests/integration/deploy-nginx.sh \
	tests/integration/deploy-apache-fcgid.sh \
	tests/integration/sandbox-exploit-fcgid.sh \
	tests/integration/deploy-htaccess-fcgid.sh \
	tests/integration/deploy-htaccess-cgi.sh \
	tests/integration/deploy-systemd.sh \
	tests/integration/deploy-quickstart.sh \
	tests/integration/deploy-render.sh
TESTS += $(DEPLOY_TESTS)
EXTRA_DIST += $(DEPLOY_TESTS)

# The Debian package (debian/) and its test, which scripts/test-all runs as
# its own step ("package"): it needs root and the Debian mirror, and takes
# minutes, so it is not in TESTS.
# tests/integration/package-boot.sh boots that package under systemd as PID 1
# (systemd-nspawn), with package-boot-checks.sh run inside, in the same step.
EXTRA_DIST += tests/integration/package-deb.sh \
	tests/integration/package-boot.sh tests/integration/package-boot-checks.sh \
	debian/changelog debian/control debian/copyright debian/rules debian/source/format \
	debian/conffile.sed debian/push-callback.postinst debian/push-callback.postrm \
	debian/push-callback.lintian-overrides
