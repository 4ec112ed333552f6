#!/bin/bash
# deploy/apache/push_callback-fcgid.conf as shipped: Apache 2.4 + mod_fcgid from
# Debian's packages, server configuration (FcgidInitialEnv, Alias), on loopback.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
need apache2 curl
[ -f /usr/lib/apache2/modules/mod_fcgid.so ] || missing "libapache2-mod-fcgid"
deploy_setup

MAX_BODY=262144

# Apache's user runs the program: the log directory is www-data's.
log_dir www-data
render "$DEPLOY/apache/push_callback-fcgid.conf" "$T/push_callback-fcgid.conf" \
	ENDPOINT=/im/callback BINARY="$T/bin/push_callback" SDKAPPID=1400000000 \
	LOGDIR="$T/logs" MAX_BODY=$MAX_BODY WORKERS=2
start_apache() { apache_start "$T/apache" "$PORT" fcgid "$T/push_callback-fcgid.conf"; }
serve_on_free_ports start_apache PORT
URL=http://127.0.0.1:$PORT/im/callback

check_sample "$URL" "$T/logs" apache-fcgid
# Over FcgidMaxRequestLen (= PUSHCB_MAX_BODY), mod_fcgid answers 500 itself.
check_refusals "$URL" "$T/logs" apache-fcgid 500

stop_server "$SERVER_PID"
done_testing
