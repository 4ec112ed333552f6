#!/bin/bash
# deploy/htaccess/fcgid as shipped: shared hosting with Apache 2.4 + mod_fcgid,
# the binary, its .htaccess and push_callback.conf in one directory of the web
# space, nothing in the server configuration; logs outside the web root.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# The host's FcgidMaxRequestLen is mod_fcgid's default, 131072: over it, mod_fcgid's 500.
htaccess_test fcgid .fcgi 131072 500
