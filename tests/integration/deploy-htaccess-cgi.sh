#!/bin/bash
# deploy/htaccess/cgi as shipped: shared hosting with Apache 2.4 + plain CGI
# (mod_cgi), the binary, its .htaccess and push_callback.conf in one directory of
# the web space, nothing in the server configuration; logs outside the web root.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# push_callback's own limit, its default: over it, its own 413.
htaccess_test cgi .cgi 1048576 413
