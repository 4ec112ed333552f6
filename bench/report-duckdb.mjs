// report-duckdb.mjs: DuckDB's side of bench/report-duckdb.sh (not a test).
// Usage: node report-duckdb.mjs funnel|latency DIR THREADS
// Computes, over DIR/*/*.tsv (push_callback's Push.OfflinePush logs as
// bench/report-bench.sh makes them), the funnel per command and vendor (no
// duplicate dropping), or the latency table (each push's stage taken once,
// spans by a self-join on the push, nearest-rank percentiles), prints it as
// TSV, and the seconds the query took on standard error ("seconds N").
// Needs @duckdb/node-api (the script installs it in a scratch directory).
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, dir, threads] = process.argv.slice(2);
// The columns of the bench's files; "#fields" header lines are comments.
const source = `read_csv('${dir}/*/*.tsv', delim = '\t', header = false, skip = 1, auto_detect = false, quote = '',
  escape = '', columns = {
    'RecvTime': 'VARCHAR', 'SdkAppid': 'BIGINT', 'CallbackCommand': 'VARCHAR', 'EventType': 'BIGINT',
    'EventTime': 'BIGINT', 'From_Account': 'VARCHAR', 'To_Account': 'VARCHAR', 'PushPlatform': 'BIGINT',
    'PushStage': 'BIGINT', 'MsgKey': 'VARCHAR', 'GroupID': 'VARCHAR', 'MsgSeq': 'BIGINT',
    'MsgRandom': 'BIGINT', 'MsgTime': 'BIGINT', 'PushID': 'VARCHAR', 'ErrCode': 'BIGINT',
    'ErrInfo': 'VARCHAR' })`;

const funnel = `
SELECT CallbackCommand, PushPlatform,
  count(*) FILTER (WHERE PushStage = 1 AND ErrCode = 0) AS sent,
  count(*) FILTER (WHERE PushStage = 2 AND ErrCode = 0) AS delivered,
  count(*) FILTER (WHERE PushStage = 3) AS clicked
FROM ${source} GROUP BY ALL ORDER BY ALL`;

// A stage counts as pushcb-report's does: 1 and 2 with ErrCode 0, 3 whatever.
// Nearest-rank percentile: the ceil(n * p)th smallest of the spans of 0 s or more.
const latency = `
WITH e AS (
  SELECT CallbackCommand AS c, PushPlatform AS p, PushID AS id, To_Account AS acc, PushStage AS s,
         EventTime AS t, MsgTime AS m
  FROM ${source} WHERE (PushStage IN (1, 2) AND ErrCode = 0) OR PushStage = 3),
f AS (SELECT c, id, acc, s, min(t) AS t, min(p) AS p, min(m) AS m FROM e GROUP BY c, id, acc, s),
spans AS (
  SELECT c, p, 'created_to_sent' AS span, t - m AS d FROM f WHERE s = 1
  UNION ALL SELECT c, p, 'created_to_delivered', t - m FROM f WHERE s = 2
  UNION ALL SELECT b.c, b.p, CASE b.s WHEN 2 THEN 'sent_to_delivered' ELSE 'delivered_to_clicked' END,
    b.t - a.t
  FROM f AS a JOIN f AS b ON a.c = b.c AND a.id = b.id AND a.acc = b.acc AND b.s = a.s + 1 AND a.s IN (1, 2)),
r AS (SELECT c, p, span, d, row_number() OVER (PARTITION BY c, p, span ORDER BY d) AS k,
        count(*) OVER (PARTITION BY c, p, span) AS n FROM spans WHERE d >= 0)
SELECT c, p, span, any_value(n) AS count,
  max(d) FILTER (WHERE k = ceil(n * 0.50)) AS p50, max(d) FILTER (WHERE k = ceil(n * 0.90)) AS p90,
  max(d) FILTER (WHERE k = ceil(n * 0.99)) AS p99, max(d) AS max
FROM r GROUP BY ALL ORDER BY ALL`;

const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conn = await instance.connect();
const t0 = process.hrtime.bigint();
const result = await conn.runAndReadAll(mode === 'latency' ? latency : funnel);
const t1 = process.hrtime.bigint();
for (const row of result.getRows())
	console.log(row.map(String).join('\t'));
console.error(`seconds ${(Number(t1 - t0) / 1e9).toFixed(2)}`);
