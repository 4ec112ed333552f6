#!/bin/bash
# The hostile-input corpus: every row of tests/data/hostile/cases.tsv is one
# request through the real binary (CGI, or FastCGI under spawn-fcgi when the
# framing must lie), and pins the exact HTTP status, the exact ErrorInfo, how
# many lines land in the event logs and in the reject logs, and optionally one
# logged value. The format of the table is described at its top.
#
# Protections pinned: everything in lib/common/pcb_error.c's table that a request can
# reach, the scan json-c 0.16 needs (pcb_scan), the field table (pcb_schema),
# TSV escaping (pcb_logformat), the framing (pcb_body) and the query parser
# (pcb_query). Removing any one of them changes a status, a reason or a count.
# With PCB_HOSTILE_FASTCGI set, rows marked cgi go to a FastCGI server instead
# (much faster under valgrind); cgi-only rows stay CGI.
# Besides, after every case: the CGI process exited 0 (a sanitizer finding
# or a leak report would not), and every line of every log file is whole.
. "$top_srcdir/tests/lib.sh"

H=$DATA/hostile
CASES=${PCB_HOSTILE_CASES:-$H/cases.tsv}
[ -f "$CASES" ] || bail "no $CASES"

# The valid events the body builders start from (Push.OfflinePush, Push.AllMemberPush).
OP_KEYS=(CallbackCommand EventType EventTime From_Account To_Account PushPlatform PushStage
	MsgKey MsgSeq MsgRandom MsgTime PushID ErrCode ErrInfo)
OP_VALS=('"Push.OfflinePush"' 1 1557481127 '"user1"' '"user2"' 1 1
	'"k1"' 48374 2837546 1557481126 '"@@@@@@@@@@"' 0 '"OK"')
AMP_KEYS=(CallbackCommand EventType TaskId DataId TaskTime EventTime To_Account PushPlatform
	DeviceType PushStage ErrCode ErrInfo)
AMP_VALS=('"Push.AllMemberPush"' 1 '"task-1"' '"biz-77"' 1700000000 1700000005 '"user2"' 3
	3 1 0 '""')

# repeat TEXT N: TEXT N times.
repeat() { [ "$2" -gt 0 ] && yes -- "$1" | head -n "$2" | tr -d '\n'; return 0; }

# expand TEXT: {Q} is the sample query, {empty} nothing, {rep:TEXT:N} TEXT N times.
expand() {
	local s=$1 out="" re='\{(Q|empty|rep:[^}]*)\}' m tok
	while [[ $s =~ $re ]]; do
		m=${BASH_REMATCH[0]} tok=${BASH_REMATCH[1]}
		out+=${s%%"$m"*}
		s=${s#*"$m"}
		case $tok in
		Q) out+=$SAMPLE_QUERY ;;
		rep:*) tok=${tok#rep:}; out+=$(repeat "${tok%:*}" "${tok##*:}") ;;
		esac
	done
	printf '%s' "$out$s"
}

# event KIND MODS: one event of KIND (op or amp) with MODS applied, to stdout.
# MODS, separated by ";;": K=JSON sets K (appended if absent); K~=TEXT sets K
# to TEXT after printf %b (raw bytes); -K removes K; +K=JSON appends K again.
event() {
	local kind=$1 mods=$2 i k m
	local -a keys vals esc extra=()
	if [ "$kind" = amp ]; then keys=("${AMP_KEYS[@]}") vals=("${AMP_VALS[@]}")
	else keys=("${OP_KEYS[@]}") vals=("${OP_VALS[@]}"); fi
	esc=()
	while [ -n "$mods" ]; do
		m=${mods%%;;*}
		[ "$m" = "$mods" ] && mods="" || mods=${mods#*;;}
		case $m in
		-*) for i in "${!keys[@]}"; do [ "${keys[$i]}" = "${m#-}" ] && unset "keys[$i]"; done ;;
		+*) extra+=("${m#+}") ;;
		*)
			k=${m%%=*} k=${k%\~}
			local e=0 v=${m#*=} found=""
			[[ $m == "$k~="* ]] && e=1
			for i in "${!keys[@]}"; do
				[ "${keys[$i]}" = "$k" ] && vals[$i]=$v esc[$i]=$e found=1
			done
			[ -n "$found" ] || { i=${#vals[@]}; keys[$i]=$k vals[$i]=$v esc[$i]=$e; }
			;;
		esac
	done
	printf '{'
	local sep=""
	for i in "${!keys[@]}"; do
		printf '%s"%s":' "$sep" "${keys[$i]}"
		if [ "${esc[$i]:-0}" = 1 ]; then printf '%b' "${vals[$i]}"; else printf '%s' "${vals[$i]}"; fi
		sep=,
	done
	for m in "${extra[@]}"; do printf ',"%s":%s' "${m%%=*}" "${m#*=}"; done
	printf '}'
}

# body SPEC: the request body described by SPEC, to stdout.
body() {
	local spec=$1 n i
	case $spec in
	-) ;;
	file:*) cat "$H/${spec#file:}" ;;
	raw:*) expand "${spec#raw:}" ;;
	esc:*) printf '%b' "$(expand "${spec#esc:}")" ;;
	event:*) printf '{"Events":['; event op "$(expand "${spec#event:}")"; printf ']}' ;;
	amp:*) printf '{"Events":['; event amp "$(expand "${spec#amp:}")"; printf ']}' ;;
	events:*)
		n=${spec#events:}
		printf '{"Events":['
		for ((i = 0; i < n; i++)); do
			[ "$i" -gt 0 ] && printf ','
			event op "PushID=\"p$i\""
		done
		printf ']}'
		;;
	nest:*) n=${spec#nest:}; printf '{"Events":['
		event op "X=$(repeat '[' "$n")$(repeat ']' "$n")"; printf ']}' ;;
	nestobj:*) n=${spec#nestobj:}; printf '{"Events":['
		event op "X=$(repeat '{"a":' "$n")0$(repeat '}' "$n")"; printf ']}' ;;
	pad:*)
		n=${spec#pad:}
		{ printf '{"Events":['; event op ""; printf ']}'; } >"$T/pad"
		cat "$T/pad"
		repeat ' ' $((n - $(wc -c <"$T/pad")))
		;;
	*) bail "unknown body spec: $spec" ;;
	esac
}

# content_length SPEC FILE: the CONTENT_LENGTH for SPEC; "-" prints nothing and returns 1.
content_length() {
	local n
	n=$(wc -c <"$2" | tr -d ' ')
	case $1 in
	-) return 1 ;;
	auto) echo "$n" ;;
	auto+*) echo $((n + ${1#auto+})) ;;
	auto-*) echo $((n - ${1#auto-})) ;;
	*) expand "$1" ;;
	esac
}

# lines KIND DIR: the number of lines (headers aside) in the event or reject logs of DIR.
lines() {
	local kind=$1
	set -- "$2"/*.tsv
	[ -f "$1" ] || { echo 0; return; }
	awk -v kind="$kind" 'FNR == 1 { use = (kind == "rejects") == (FILENAME ~ /\/reject-[^\/]*$/) }
		use && !/^#/ { n++ } END { print n + 0 }' "$@"
}

# logged CHECK DIR: "ok" when the newest line of the event (or with "reject."
# the reject) log has COLUMN=VALUE; else what it has.
logged() {
	local col=${1%%=*} want=${1#*=} kind=events f i
	[[ $col == reject.* ]] && kind=rejects col=${col#reject.}
	# The file of that kind written last (a FastCGI server's directory holds both commands').
	for f in $(ls -t "$2"/*.tsv 2>/dev/null); do
		case ${f##*/} in reject-*) [ $kind = rejects ] && break ;; *) [ $kind = events ] && break ;; esac
	done
	[ -f "$f" ] || { echo "no $kind file"; return; }
	i=$(head -n 1 "$f" | tr '\t' '\n' | grep -nx -- "$col" | cut -d: -f1)
	[ -n "$i" ] || { echo "no column $col"; return; }
	local got
	got=$(grep -v '^#' "$f" | tail -n 1 | cut -f $((i - 1)))
	[ "$got" = "$want" ] && echo ok || echo "$col=$got"
}

# whole DIR: every file is not empty, ends with a newline, and every line has
# the header's field count.
whole() {
	set -- "$1"/*.tsv
	[ -f "$1" ] || return 0
	[ -z "$(tail -q -c 1 "$@" | tr -d '\n')" ] || return 1
	awk -F '\t' -v want=$# 'FNR == 1 { files++; n = NF - 1; next } NF != n { bad = 1; exit }
		END { exit bad || files != want }' "$@"
}

declare -A SERVER=()   # env string -> number of the FastCGI server started with it
NSERVER=0

# fcgi_server ENV: sets SOCK and DIR to the socket and log directory of a
# server started with ENV (started at first use).
fcgi_server() {
	local key=${1:--} i
	if [ -z "${SERVER[$key]:-}" ]; then
		i=$NSERVER
		NSERVER=$((NSERVER + 1))
		mkdir -p "$T/f.$i"
		# shellcheck disable=SC2046 # ENV is words
		pcb_spawn "$T/sock.$i" 1 PUSHCB_LOG_DIR="$T/f.$i" $([ "$key" = - ] || echo "$key")
		SERVER[$key]=$i
	fi
	SOCK=$T/sock.${SERVER[$key]} DIR=$T/f.${SERVER[$key]}
}

# run_case FIELDS...: one row of the table; prints nothing, sets GOT (a description) and OK.
run_case() {
	local name=$1 mode=$2 envs=$3 query=$4 length=$5 spec=$6 status=$7 reason=$8
	local events=$9 rejects=${10} check=${11:-}
	local dir resp st cl want_body gots="" fail="" sock before_e before_r q args
	# PCB_HOSTILE_FASTCGI (scripts/check-valgrind): one server for the CGI cases too.
	[ -n "${PCB_HOSTILE_FASTCGI:-}" ] && [ "$mode" = cgi ] && mode=fcgi
	[ "$mode" = cgi-only ] && mode=cgi
	body "$spec" >"$T/body"
	q=$(expand "$query")
	if [[ $mode == cgi ]]; then
		dir=$T/c/$name
		mkdir -p "$dir"
		local -a env=(env -i PATH="$PATH" PUSHCB_SDKAPPID=1400000000 PUSHCB_LOG_DIR="$dir"
			REQUEST_METHOD=POST)
		# shellcheck disable=SC2206 # ENV is words
		[ "$envs" = - ] || env+=($envs)
		[ "$query" = - ] || env+=("QUERY_STRING=$q")
		cl=$(content_length "$length" "$T/body") && env+=("CONTENT_LENGTH=$cl")
		resp=$("${env[@]}" "$PCB" <"$T/body" 2>"$dir.err")
		st=$?
		[ "$st" = 0 ] || fail+=" exit=$st"
	else
		fcgi_server "$envs"
		sock=$SOCK dir=$DIR
		before_e=$(lines events "$dir") before_r=$(lines rejects "$dir")
		args=(-s "$sock" -p REQUEST_METHOD=POST -p REMOTE_ADDR=192.0.2.9)
		[ "$query" = - ] || args+=(-p "QUERY_STRING=$q")
		cl=$(content_length "$length" "$T/body") && args+=(-p "CONTENT_LENGTH=$cl")
		# shellcheck disable=SC2206 # extra fcgi-send arguments are words
		[[ $mode == fcgi:* ]] && args+=(${mode#fcgi:})
		resp=$("$FCGI_SEND" "${args[@]}" -b "$T/body" 2>/dev/null)
		# The server lives on whatever the client did.
		"$FCGI_SEND" -s "$sock" -p REQUEST_METHOD=GET -r >"$T/alive" 2>/dev/null
		[ "$(cat "$T/alive")" = 405 ] || fail+=" server-dead"
	fi
	if [ "$status" != - ]; then
		[ "$(status_of "$resp")" = "$status" ] || fail+=" status=$(status_of "$resp")"
		if [ "$reason" = - ]; then want_body=$OK_JSON
		else want_body="{\"ActionStatus\":\"FAIL\",\"ErrorInfo\":\"$reason\",\"ErrorCode\":1}"; fi
		[ "$(body_of "$resp")" = "$want_body" ] || fail+=" body=$(body_of "$resp")"
	fi
	local ne nr
	ne=$(lines events "$dir") nr=$(lines rejects "$dir")
	if [[ $mode != cgi ]]; then ne=$((ne - before_e)) nr=$((nr - before_r)); fi
	[ "$ne" = "$events" ] || fail+=" events=$ne"
	[ "$nr" = "$rejects" ] || fail+=" rejects=$nr"
	if [ -n "$check" ] && [ "$check" != - ]; then
		gots=$(logged "$check" "$dir")
		[ "$gots" = ok ] || fail+=" logged:$gots"
	fi
	whole "$dir" || fail+=" torn-line"
	GOT=$fail
}

n=0
while IFS=$'\t' read -r -u 3 name mode envs query length spec status reason events rejects check; do
	case $name in '' | '#'*) continue ;; esac
	n=$((n + 1))
	run_case "$name" "$mode" "$envs" "$query" "$length" "$spec" "$status" "$reason" \
		"$events" "$rejects" "${check:-}"
	ok "$name: $status ${reason/#-/OK}, $events event(s), $rejects reject(s)" test -z "$GOT"
	[ -z "$GOT" ] || diag "  got:$GOT"
done 3<"$CASES"
[ "$n" -gt 0 ] || bail "no case in $CASES"
done_testing
