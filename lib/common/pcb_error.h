/*
 * pcb_error.h: every way a request can fail, and the one table that turns
 * each into an HTTP status and the ErrorInfo Tencent sees.
 */
#ifndef PCB_ERROR_H
#define PCB_ERROR_H

enum pcb_err {
	PCB_OK = 0,
	/* The request line and query string. */
	PCB_ERR_METHOD,         /* not POST */
	PCB_ERR_QUERY_TOO_LONG, /* QUERY_STRING over PCB_MAX_QUERY */
	PCB_ERR_QUERY_ENCODING, /* bad %XX, or a decoded NUL */
	PCB_ERR_QUERY_REPEATED, /* a parameter we read appears twice */
	PCB_ERR_QUERY_TOO_MANY, /* more than PCB_MAX_QUERY_PARAMS parameters */
	/* The caller. With a token configured, the Sign errors come before the SdkAppid ones. */
	PCB_ERR_APPID_MISSING,  /* no SdkAppid */
	PCB_ERR_APPID_UNKNOWN,  /* SdkAppid not configured */
	PCB_ERR_SIGN_MISSING,   /* token configured, Sign or RequestTime absent */
	PCB_ERR_SIGN_MALFORMED, /* Sign not 64 hex digits, RequestTime not a number */
	PCB_ERR_SIGN_EXPIRED,   /* RequestTime outside PUSHCB_SIGN_WINDOW */
	PCB_ERR_SIGN_WRONG,     /* no configured token gives this Sign */
	/* What is asked for. */
	PCB_ERR_COMMAND_MISSING, /* no CallbackCommand */
	PCB_ERR_COMMAND_UNKNOWN, /* a CallbackCommand we do not handle */
	PCB_ERR_CONTENT_TYPE,    /* contenttype present and not json */
	/* The body's framing. */
	PCB_ERR_LENGTH_MISSING, /* no CONTENT_LENGTH */
	PCB_ERR_LENGTH_INVALID, /* CONTENT_LENGTH not a plain decimal number */
	PCB_ERR_BODY_TOO_LARGE, /* CONTENT_LENGTH over PUSHCB_MAX_BODY */
	PCB_ERR_BODY_SHORT,     /* fewer bytes than CONTENT_LENGTH arrived */
	PCB_ERR_BODY_LONG,      /* more bytes than CONTENT_LENGTH arrived */
	PCB_ERR_BODY_READ,      /* the connection failed while reading */
	/* The body as JSON (pcb_scan). */
	PCB_ERR_JSON_EMPTY,     /* no bytes, or only white space */
	PCB_ERR_JSON_UTF8,      /* a byte sequence that is not UTF-8 */
	PCB_ERR_JSON_CONTROL,   /* a raw control byte inside a string */
	PCB_ERR_JSON_ESCAPE,    /* a bad backslash escape */
	PCB_ERR_JSON_SURROGATE, /* a \u escape naming a lone surrogate */
	PCB_ERR_JSON_NUMBER,    /* a malformed number, NaN or Infinity */
	PCB_ERR_JSON_DEPTH,     /* nested deeper than PCB_JSON_MAX_DEPTH */
	PCB_ERR_JSON_VALUES,    /* more than PCB_MAX_JSON_VALUES values */
	PCB_ERR_JSON_TRAILING,  /* bytes after the top-level value */
	PCB_ERR_JSON_SYNTAX,    /* anything else RFC 8259 does not allow */
	PCB_ERR_JSON_DUPLICATE, /* an object names the same key twice */
	PCB_ERR_JSON_KEY_NUL,   /* an object key holding \u0000 */
	/* The body as a batch. */
	PCB_ERR_BATCH_NOT_OBJECT, /* top level is not an object */
	PCB_ERR_BATCH_NO_EVENTS,  /* no Events, or Events not an array */
	PCB_ERR_BATCH_EMPTY,      /* Events has no element */
	PCB_ERR_BATCH_TOO_MANY,   /* Events has more than PCB_MAX_EVENTS */
	/* Ours. */
	PCB_ERR_NO_MEMORY, /* allocation failed */
	PCB_ERR_LOG_WRITE, /* a log line could not be written */
	PCB_ERR_LOG_SYNC,  /* PUSHCB_FSYNC: fsync failed */
	PCB_ERR_COUNT
};

struct pcb_err_info {
	int status;              /* HTTP status */
	const char *status_text; /* its reason phrase */
	const char *reason;      /* ErrorInfo: short, ASCII, no quote or backslash */
	const char *name;        /* [a-z0-9_] only: the reason label of pushcb_requests_total */
};

/* Returns the table row for [err]; an out-of-range value gets the row of PCB_ERR_NO_MEMORY's 500 class. */
const struct pcb_err_info *pcb_err_info(enum pcb_err err);

/* True when [err] refuses the body as malformed (the body is then kept in the reject log). */
int pcb_err_is_batch(enum pcb_err err);

#endif
