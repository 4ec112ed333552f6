/*
 * pcb_limits.h: every fixed limit of push_callback, named once.
 * Limits a deployment may change are configuration values (pcb_config.h);
 * these are the ceilings those values are checked against.
 */
#ifndef PCB_LIMITS_H
#define PCB_LIMITS_H

#include <stdint.h>

/* Events per batch, as Tencent's page states (1 to 100). */
#define PCB_MIN_EVENTS 1
#define PCB_MAX_EVENTS 100

/* JSON nesting allowed in a body: {"Events":[{...}]} is 3 deep; room for extra fields. */
#define PCB_JSON_MAX_DEPTH 16

/*
 * JSON values (objects, arrays, strings, numbers, literals) allowed in a
 * body. A 100-event batch holds about 1,700; the cap keeps json-c, which
 * allocates for every value, from building hundreds of thousands of objects
 * out of a 1 MiB body such as {"Events":[...],"X":[{},{},...]}.
 */
#define PCB_MAX_JSON_VALUES 8192

/* Body size: default and the ceiling that PUSHCB_MAX_BODY may not exceed. */
#define PCB_MAX_BODY_DEFAULT (1024 * 1024)
#define PCB_MAX_BODY_CEILING (64 * 1024 * 1024)

/* Query string bytes looked at; longer is refused (414-style, as 400). */
#define PCB_MAX_QUERY 8192
/* Query parameters counted; more is refused. */
#define PCB_MAX_QUERY_PARAMS 64

/* A JSON string field of an event longer than this is refused. */
#define PCB_MAX_FIELD_BYTES 4096

/*
 * An event's members that are no field of its command are kept, as compact
 * JSON, in the event log's last column; an event whose JSON of them is
 * longer than this is refused (to the reject log, with the reason).
 */
#define PCB_MAX_UNKNOWN_BYTES 4096
/*
 * Distinct unknown member names a worker names on stderr (once each); past
 * them, one line says that no more are named, so that a sender inventing
 * names cannot flood the error log. The bytes of a name shown.
 */
#define PCB_UNKNOWN_NAMES_SAID 16
#define PCB_UNKNOWN_NAME_SHOWN 64

/* Configured SdkAppids and tokens. */
#define PCB_MAX_APPIDS 16
/* An SdkAppid's bytes with its NUL: 23 digits at most (Tencent's have 10). */
#define PCB_APPID_SIZE 24
/* The client's address kept for diagnostics (REMOTE_ADDR, cut to fit): an IPv6 address with a zone fits. */
#define PCB_CLIENT_ADDR_SIZE 64
#define PCB_MAX_TOKENS 8
#define PCB_MAX_TOKEN_BYTES 256
/* pushcb-reconcile's administrator (a Tencent UserID: 32 bytes) and secret key (64 hex digits in practice). */
#define PCB_MAX_ADMIN_IDENTIFIER 32
#define PCB_MAX_ADMIN_KEY 256

/* Sign window: default and ceiling, in seconds. */
#define PCB_SIGN_WINDOW_DEFAULT 60
#define PCB_SIGN_WINDOW_CEILING 86400

/*
 * How long a FastCGI request (its params and body) may take to arrive once
 * its connection is accepted, in seconds: default and ceiling. A client that
 * stalls longer is dropped unanswered, so that it cannot hold a worker. Web
 * servers hand over a buffered request at once.
 */
#define PCB_READ_TIMEOUT_DEFAULT 10
#define PCB_READ_TIMEOUT_CEILING 3600
/*
 * Once a request's read timeout has passed, the timer fires again every this
 * many milliseconds until the request is dropped: whatever read or wait is
 * under way then (a client still trickling bytes, a signal that came between
 * two reads) is cut short within this time.
 */
#define PCB_READ_TIMEOUT_REPEAT_MS 100

/* Connections waiting to be accepted on a socket of our own (--listen). */
#define PCB_LISTEN_BACKLOG 128

/* How long a connection whose answer is sent may still be read before it is closed (pcb_listen_close). */
#define PCB_CLOSE_DRAIN_SECONDS 2

/* How long a worker waits before it accepts again after a transient failure (pcb_listen_accept_fatal). */
#define PCB_ACCEPT_PAUSE_SECONDS 1

/*
 * push_callback --housekeep removes the files of closed periods older than
 * PUSHCB_KEEP_DAYS days; 0 (the default) keeps them all. The ceiling is a
 * century.
 */
#define PCB_KEEP_DAYS_CEILING 36500

/*
 * Opening the counter file (pcb_metrics): tries when another process
 * replaced it between our open and our lock.
 */
#define PCB_METRICS_OPEN_TRIES 4

/*
 * Counter files one process can have mapped at once (one in the program; a
 * few in the unit tests): each mapping is guarded against its file being
 * shrunk under it (pcb_metrics.h).
 */
#define PCB_METRICS_MAPS_MAX 8

/*
 * A counter file that shrank under a worker (counting off) is opened again
 * at the next request, then, while that fails, at most once in this many
 * seconds.
 */
#define PCB_METRICS_RECHECK_SECONDS 60

/*
 * A worker looks at the counter file's size at most this often (one
 * fstat), to see it shrunk by less than a page (which no add faults on).
 */
#define PCB_METRICS_SIZE_CHECK_SECONDS 1

/* Configuration file: its size and one line. */
#define PCB_MAX_CONFIG_FILE (64 * 1024)

/*
 * Integer fields. json-c 0.16 clamps an out-of-range integer literal to
 * INT64_MAX, INT64_MIN or UINT64_MAX without a word; keeping those values out
 * of every field's range makes any overflowing literal a refusal.
 */
#define PCB_INT_MAX (INT64_MAX - 1)
#define PCB_INT_MIN (INT64_MIN + 1)

#endif
