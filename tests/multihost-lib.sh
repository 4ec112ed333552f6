# multihost-lib.sh: helpers of the multi-host tests (tests/integration/multihost-*.sh),
# sourced after tests/lib.sh. Every rsyslog configuration is rendered from the
# files in deploy/rsyslog with deploy/render, as users do.

# rs_render NAME HOST TEMPLATE [NAME=VALUE]...: a private rsyslog in $T/NAME
# (deploy/rsyslog/rsyslog-local.conf, calling its host HOST) with the drop-in
# deploy/rsyslog/TEMPLATE rendered into $T/NAME/rsyslog.d/ (30-TEMPLATE,
# 31-TEMPLATE... in the order of the calls).
rs_render() {
	_rs_d=$T/$1 _rs_host=$2 _rs_tpl=$3
	shift 3
	mkdir -p "$_rs_d/rsyslog.d" "$_rs_d/spool"
	render "$DEPLOY/rsyslog/rsyslog-local.conf" "$_rs_d/rsyslog.conf" PREFIX="$_rs_d" \
		HOST_NAME="$_rs_host"
	# Numbered in the order given, as in /etc/rsyslog.d: input before forward.
	_rs_n=$(ls "$_rs_d/rsyslog.d" | wc -l)
	render "$DEPLOY/rsyslog/$_rs_tpl" "$_rs_d/rsyslog.d/$((30 + _rs_n))-$_rs_tpl" "$@"
}

# rs_start NAME: checks $T/NAME/rsyslog.conf (rsyslogd -N1), then runs rsyslogd
# in the foreground with it; sets RS_PID_NAME. Its stderr is $T/NAME/stderr.
rs_start() {
	_d=$T/$1
	rsyslogd -N1 -f "$_d/rsyslog.conf" >>"$_d/stderr" 2>&1 ||
		bail "rsyslogd -N1 refused $_d/rsyslog.conf: $(tail -n 3 "$_d/stderr")"
	rsyslogd -n -f "$_d/rsyslog.conf" -i "$_d/rsyslogd.pid" 2>>"$_d/stderr" &
	eval "RS_PID_$1=\$!"
	pcb_track $!
}

# mh_batches DIR ID COUNT EVENTS [BAD]: COUNT Push.OfflinePush batch files in DIR
# of EVENTS events each, every PushID unique (ID-BATCH-EVENT), vendors, stages
# and error codes spread; in every BAD-th batch (none without BAD) the last
# event is invalid (rejected).
mh_batches() {
	mkdir -p "$1"
	awk -v dir="$1" -v id="$2" -v count="$3" -v events="$4" -v badevery="${5:-0}" 'BEGIN {
		for (b = 1; b <= count; b++) {
			f = sprintf("%s/%06d.json", dir, b)
			printf "{\"Events\":[" >f
			for (e = 1; e <= events; e++) {
				n = b * events + e
				bad = (badevery > 0 && b % badevery == 0 && e == events)
				printf "%s{\"CallbackCommand\":\"Push.OfflinePush\",\"EventType\":%s,", \
					(e > 1 ? "," : ""), (bad ? "\"1\"" : "1") >f
				printf "\"EventTime\":%d,\"From_Account\":\"from%d\",\"To_Account\":\"to%d\",", \
					1764028800 + n % 86400, n % 50, n >f
				printf "\"PushPlatform\":%d,\"PushStage\":%d,\"MsgKey\":\"k%d\",", \
					n % 9, 1 + n % 3, n >f
				printf "\"MsgSeq\":%d,\"MsgRandom\":%d,\"MsgTime\":1764028800,", n, n * 7 >f
				printf "\"PushID\":\"%s-%d-%d\",", id, b, e >f
				if (n % 7 == 0)
					printf "\"ErrCode\":%d,\"ErrInfo\":\"push failed\\t%d \\u4e2d\"}", 1000 + n % 3, n % 3 >f
				else
					printf "\"ErrCode\":0,\"ErrInfo\":\"OK\"}" >f
			}
			printf "]}\n" >f
			close(f)
		}
	}'
}

# mh_kafka_check: deploy/rsyslog's Kafka files as far as a machine without Kafka
# allows: rsyslogd accepts them (omkafka and imkafka load, every parameter is
# known), the sender's beside pushcb-input.conf, the collector's beside
# pushcb-collector.conf.
mh_kafka_check() {
	if [ -z "$(find /usr/lib -name omkafka.so 2>/dev/null)" ]; then
		ok "kafka: rsyslog-kafka is not installed # SKIP" true
		return 0
	fi
	_kport=$(free_port) || bail "no free port"
	rs_render kafka kafkahost pushcb-input.conf LOGDIR="$T/kafka/logs"
	rs_render kafka kafkahost pushcb-forward-kafka.conf KAFKA_BROKERS="127.0.0.1:$_kport" \
		KAFKA_TOPIC=pushcb-test
	ok "kafka: rsyslogd -N1 accepts pushcb-input.conf + pushcb-forward-kafka.conf" \
		quietly rsyslogd -N1 -f "$T/kafka/rsyslog.conf"
	rs_render kafkacoll kafkacoll pushcb-collector.conf COLLECTOR=127.0.0.1 \
		RELP_PORT="$(free_port)" COLLECTOR_DIR="$T/kafkacoll/out"
	rs_render kafkacoll kafkacoll pushcb-collector-kafka.conf KAFKA_BROKERS="127.0.0.1:$_kport" \
		KAFKA_TOPIC=pushcb-test
	ok "kafka: rsyslogd -N1 accepts pushcb-collector.conf + pushcb-collector-kafka.conf" \
		quietly rsyslogd -N1 -f "$T/kafkacoll/rsyslog.conf"
}

# set_phase WORD: writes WORD to $T/phase in one rename, for the load loops to read.
set_phase() {
	echo "$1" >"$T/phase.new"
	mv "$T/phase.new" "$T/phase"
}
