#!/bin/bash
# deploy/nginx + deploy/spawn-fcgi as shipped: nginx from Debian's package in front
# of push_callback under spawn-fcgi and multiwatch on a unix socket, on loopback.
# The configuration is rendered from deploy/ (deploy/render), as users do.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
need nginx spawn-fcgi multiwatch curl setpriv
deploy_setup

MAX_BODY=1048576
SOCK=$T/run/push_callback.sock

# push_callback as the unprivileged user nobody; nginx's workers as www-data.
log_dir nobody
conf_from_example "$T/push_callback.conf" PUSHCB_LOG_DIR="$T/logs" PUSHCB_MAX_BODY=$MAX_BODY
sh "$DEPLOY/spawn-fcgi/push_callback-spawn" -b "$T/bin/push_callback" \
	-c "$T/push_callback.conf" -s "$SOCK" -u nobody -G www-data -w 2 2>>"$T/stderr" &
SPAWN_PID=$!
pcb_track "$SPAWN_PID"
wait_for_socket "$SOCK" || bail "push_callback-spawn made no socket"

is "$(stat -c '%a %U %G' "$SOCK")" "660 nobody www-data" "the socket is 0660 nobody:www-data"
is "$(stat -c '%a %U %G' "$T/run")" "750 nobody www-data" "its directory is 0750 nobody:www-data"
ok "www-data (nginx) can connect" quietly setpriv --reuid=www-data --regid=www-data --init-groups \
	"$T/bin/fcgi-send" -r -s "$SOCK" -p REQUEST_METHOD=GET -p "QUERY_STRING=$SAMPLE_QUERY"
ok "another user cannot" sh -c '! setpriv --reuid=daemon --regid=daemon --clear-groups \
	"$1" -r -s "$2" -p REQUEST_METHOD=GET 2>/dev/null' sh "$T/bin/fcgi-send" "$SOCK"

start_nginx() {
	nginx_start "$T/nginx" LISTEN="127.0.0.1:$PORT" APP_BACKEND="127.0.0.1:$APP_PORT" \
		SOCKET="$SOCK" MAX_BODY=$MAX_BODY ENDPOINT=/im/callback
}
serve_on_free_ports start_nginx PORT APP_PORT
URL=http://127.0.0.1:$PORT/im/callback

check_sample "$URL" "$T/logs" nginx
check_refusals "$URL" "$T/logs" nginx 413
ok "nginx: its 413 is the program's JSON refusal" json_fail "$BIG_BODY"

# Routing: one URL for every IM callback; only the push commands reach push_callback.
q='SdkAppid=1400000000&CallbackCommand=C2C.CallbackAfterSendMsg&contenttype=json'
http POST "$URL?$q" "$SAMPLE"
is "$HTTP_STATUS" 200 "routing: another command is answered by the app's backend"
case $HTTP_BODY in
*'"Backend":"app","CallbackCommand":"C2C.CallbackAfterSendMsg","Uri":"/im/callback?'"$q"'"'*) r=yes ;;
*) r=no ;;
esac
is "$r" yes "routing: the backend got the original URI and query"
is "$(event_lines "$T/logs" | wc -l)" 4 "routing: push_callback logged nothing for it"

echo '{"Events":[]}' >"$T/empty.json"
http POST "$URL?SdkAppid=1400000000&CallbackCommand=Push.AllMemberPush&contenttype=json" "$T/empty.json"
is "$HTTP_STATUS" 400 "routing: Push.AllMemberPush reaches push_callback (its 400 for no events)"
ok "routing: with push_callback's JSON refusal" json_fail "$HTTP_BODY"

http POST "$URL?sdkappid=1400000000&callbackcommand=Push.OfflinePush&contenttype=json" "$SAMPLE"
is "$HTTP_STATUS $HTTP_BODY" "200 $OK_JSON" "routing: parameter names match case-insensitively"
is "$(event_lines "$T/logs" | wc -l)" 6 "routing: and the batch is logged"

stop_server "$SERVER_PID"
ok "push_callback-spawn stops on SIGTERM" stop_server "$SPAWN_PID"
done_testing
