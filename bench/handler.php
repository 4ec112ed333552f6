<?php
// handler.php: the usual alternative to push_callback, written as a PHP user
// would, doing the same job for Push.OfflinePush so that the benchmark
// compares like with like: the same query checks, json_decode, the same
// checks of each event (types, ranges, required-when), the same TSV lines
// with the same escaping, appended with file_put_contents(FILE_APPEND |
// LOCK_EX), one write per file per batch. PCB_LOG_DIR (pool env) says where.
// It is a benchmark contender, not a supported program.

const APPID = '1400000000';
const COMMAND = 'Push.OfflinePush';
const INT_MAX = PHP_INT_MAX - 1;
const INT_MIN = PHP_INT_MIN + 1;
const U32_MAX = 4294967295;

// name => [type ('s' string, 'i' integer), required ('always', 'optional',
// 'command', or [field, value] for required-when), min, max]
const FIELDS = [
    'CallbackCommand' => ['s', 'command'],
    'EventType' => ['i', 'always', 1, 2],
    'EventTime' => ['i', 'always', 0, INT_MAX],
    'From_Account' => ['s', 'always'],
    'To_Account' => ['s', 'always'],
    'PushPlatform' => ['i', 'always', 0, INT_MAX],
    'PushStage' => ['i', 'always', 0, INT_MAX],
    'MsgKey' => ['s', ['EventType', 1]],
    'GroupID' => ['s', ['EventType', 2]],
    'MsgSeq' => ['i', 'always', 0, U32_MAX],
    'MsgRandom' => ['i', 'optional', 0, U32_MAX],
    'MsgTime' => ['i', 'always', 0, INT_MAX],
    'PushID' => ['s', 'always'],
    'ErrCode' => ['i', 'always', INT_MIN, INT_MAX],
    'ErrInfo' => ['s', 'optional'],
];

function answer(int $status, string $error = ''): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo $error === ''
        ? '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}'
        : '{"ActionStatus":"FAIL","ErrorInfo":"' . $error . '","ErrorCode":1}';
}

// The log format's escaping: \\ \t \n \r, other control bytes and DEL as \xHH.
// json_decode has already refused invalid UTF-8.
function escape_map(): array
{
    static $map = null;
    if ($map === null) {
        $map = ["\\" => '\\\\', "\t" => '\t', "\n" => '\n', "\r" => '\r', "\x7f" => '\x7f'];
        for ($c = 0; $c < 0x20; $c++)
            if (!isset($map[chr($c)]))
                $map[chr($c)] = sprintf('\x%02x', $c);
    }
    return $map;
}

function tsv(string $s): string
{
    return strtr($s, escape_map());
}

// Checks one event; returns its line, or a string starting with "!" (the reason).
function event_line($ev, string $prefix): string
{
    if (!is_array($ev) || array_is_list($ev) && $ev !== [])
        return '!event is not an object';
    $cols = [];
    foreach (FIELDS as $name => $f) {
        $v = $ev[$name] ?? null;
        if ($v === null) {
            $req = $f[1];
            if ($req === 'always' || $req === 'command' ||
                is_array($req) && ($ev[$req[0]] ?? null) === $req[1])
                return "!$name: missing";
            $cols[] = '';
        } elseif ($f[0] === 'i') {
            if (!is_int($v))
                return "!$name: not an integer";
            if ($v < $f[2] || $v > $f[3])
                return "!$name: out of range $f[2]..$f[3]";
            $cols[] = $v;
        } else {
            if (!is_string($v))
                return "!$name: not a string";
            if (strlen($v) > 4096)
                return "!$name: longer than 4096 bytes";
            if (strpos($v, "\0") !== false)
                return "!$name: contains NUL";
            if ($f[1] === 'command' && $v !== COMMAND)
                return "!$name: not " . COMMAND;
            $cols[] = tsv($v);
        }
    }
    return $prefix . implode("\t", $cols) . "\n";
}

function append(string $path, string $header, string $lines): bool
{
    // A new file gets its header first; 'x' fails when another worker made it.
    if (!file_exists($path) && ($f = @fopen($path, 'x')) !== false) {
        fwrite($f, $header);
        fclose($f);
    }
    return file_put_contents($path, $lines, FILE_APPEND | LOCK_EX) === strlen($lines);
}

if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST')
    return answer(405, 'method not allowed: POST only');
$q = array_change_key_case($_GET, CASE_LOWER);
if (($q['sdkappid'] ?? '') !== APPID)
    return answer(403, 'unknown SdkAppid');
if (($q['callbackcommand'] ?? '') !== COMMAND)
    return answer(400, 'unknown CallbackCommand');
if (isset($q['contenttype']) && strtolower($q['contenttype']) !== 'json')
    return answer(400, 'contenttype is not json');
$body = file_get_contents('php://input');
if (strlen($body) > 1048576)
    return answer(413, 'body over the size limit');

$dir = getenv('PCB_LOG_DIR') ?: '/tmp';
$now = time();
$recv = gmdate('Y-m-d\TH:i:s\Z', $now);
$day = gmdate('Y-m-d', $now);
$prefix = $recv . "\t" . APPID . "\t";
$rejects = '';

$batch = json_decode($body, true, 16);
$events = is_array($batch) ? ($batch['Events'] ?? null) : null;
if (!is_array($events) || !array_is_list($events) || count($events) < 1 || count($events) > 100) {
    $rejects = $prefix . COMMAND . "\t\tbatch refused\t" . tsv($body) . "\n";
    $lines = '';
} else {
    $lines = '';
    foreach ($events as $i => $ev) {
        $line = event_line($ev, $prefix);
        if ($line[0] !== '!') {
            $lines .= $line;
            continue;
        }
        $json = json_encode($ev, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        $rejects .= $prefix . COMMAND . "\t$i\t" . tsv(substr($line, 1)) . "\t" . tsv($json) . "\n";
    }
}
if ($lines !== '' && !append("$dir/offlinepush-$day.tsv", "#fields\tRecvTime\tSdkAppid\t" .
        implode("\t", array_keys(FIELDS)) . "\n", $lines))
    return answer(500, 'log write failed');
if ($rejects !== '' && !append("$dir/reject-offlinepush-$day.tsv",
        "#fields\tRecvTime\tSdkAppid\tCallbackCommand\tIndex\tReason\tData\n", $rejects))
    return answer(500, 'log write failed');
if ($lines === '')
    return answer(400, 'batch refused');
answer(200);
