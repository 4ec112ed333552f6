/* pcb_error.c: the one table from internal error to HTTP status and ErrorInfo. */
#include <config.h>

#include "pcb_error.h"

#include <stddef.h>

/* Tables aligned by column, left as they are by clang-format: */
/* clang-format off */
static const struct pcb_err_info err_table[PCB_ERR_COUNT] = {
	[PCB_OK]                   = { 200, "OK", "", "ok" },
	[PCB_ERR_METHOD]           = { 405, "Method Not Allowed", "method not allowed: POST only", "method" },
	[PCB_ERR_QUERY_TOO_LONG]   = { 414, "URI Too Long", "query string too long", "query_too_long" },
	[PCB_ERR_QUERY_ENCODING]   = { 400, "Bad Request", "query string: bad percent-encoding", "query_encoding" },
	[PCB_ERR_QUERY_REPEATED]   = { 400, "Bad Request", "query string: parameter repeated", "query_repeated" },
	[PCB_ERR_QUERY_TOO_MANY]   = { 400, "Bad Request", "query string: too many parameters", "query_too_many" },
	[PCB_ERR_APPID_MISSING]    = { 403, "Forbidden", "SdkAppid missing", "appid_missing" },
	[PCB_ERR_APPID_UNKNOWN]    = { 403, "Forbidden", "SdkAppid not accepted", "appid_unknown" },
	[PCB_ERR_SIGN_MISSING]     = { 403, "Forbidden", "Sign or RequestTime missing", "sign_missing" },
	[PCB_ERR_SIGN_MALFORMED]   = { 403, "Forbidden", "Sign or RequestTime malformed", "sign_malformed" },
	[PCB_ERR_SIGN_EXPIRED]     = { 403, "Forbidden", "RequestTime outside the allowed window", "sign_expired" },
	[PCB_ERR_SIGN_WRONG]       = { 403, "Forbidden", "Sign does not match", "sign_wrong" },
	[PCB_ERR_COMMAND_MISSING]  = { 400, "Bad Request", "CallbackCommand missing", "command_missing" },
	[PCB_ERR_COMMAND_UNKNOWN]  = { 400, "Bad Request", "CallbackCommand not handled here", "command_unknown" },
	[PCB_ERR_CONTENT_TYPE]     = { 415, "Unsupported Media Type", "contenttype must be json", "content_type" },
	[PCB_ERR_LENGTH_MISSING]   = { 411, "Length Required", "CONTENT_LENGTH missing", "length_missing" },
	[PCB_ERR_LENGTH_INVALID]   = { 400, "Bad Request", "CONTENT_LENGTH invalid", "length_invalid" },
	[PCB_ERR_BODY_TOO_LARGE]   = { 413, "Content Too Large", "body over the size limit", "body_too_large" },
	[PCB_ERR_BODY_SHORT]       = { 400, "Bad Request", "body shorter than CONTENT_LENGTH", "body_short" },
	[PCB_ERR_BODY_LONG]        = { 400, "Bad Request", "body longer than CONTENT_LENGTH", "body_long" },
	[PCB_ERR_BODY_READ]        = { 400, "Bad Request", "body could not be read", "body_read" },
	[PCB_ERR_JSON_EMPTY]       = { 400, "Bad Request", "invalid JSON: empty body", "json_empty" },
	[PCB_ERR_JSON_UTF8]        = { 400, "Bad Request", "invalid JSON: not UTF-8", "json_utf8" },
	[PCB_ERR_JSON_CONTROL]     = { 400, "Bad Request", "invalid JSON: control character in string", "json_control" },
	[PCB_ERR_JSON_ESCAPE]      = { 400, "Bad Request", "invalid JSON: bad escape in string", "json_escape" },
	[PCB_ERR_JSON_SURROGATE]   = { 400, "Bad Request", "invalid JSON: lone surrogate in string", "json_surrogate" },
	[PCB_ERR_JSON_NUMBER]      = { 400, "Bad Request", "invalid JSON: bad number", "json_number" },
	[PCB_ERR_JSON_DEPTH]       = { 400, "Bad Request", "invalid JSON: nested too deep", "json_depth" },
	[PCB_ERR_JSON_VALUES]      = { 400, "Bad Request", "JSON holds more than 8192 values", "json_values" },
	[PCB_ERR_JSON_TRAILING]    = { 400, "Bad Request", "invalid JSON: data after the value", "json_trailing" },
	[PCB_ERR_JSON_SYNTAX]      = { 400, "Bad Request", "invalid JSON: syntax error", "json_syntax" },
	[PCB_ERR_JSON_DUPLICATE]   = { 400, "Bad Request", "invalid JSON: duplicate key", "json_duplicate" },
	[PCB_ERR_JSON_KEY_NUL]     = { 400, "Bad Request", "invalid JSON: NUL in an object key", "json_key_nul" },
	[PCB_ERR_BATCH_NOT_OBJECT] = { 400, "Bad Request", "batch is not a JSON object", "batch_not_object" },
	[PCB_ERR_BATCH_NO_EVENTS]  = { 400, "Bad Request", "Events missing or not an array", "batch_no_events" },
	[PCB_ERR_BATCH_EMPTY]      = { 400, "Bad Request", "Events is empty", "batch_empty" },
	[PCB_ERR_BATCH_TOO_MANY]   = { 400, "Bad Request", "Events has more than 100 events", "batch_too_many" },
	[PCB_ERR_NO_MEMORY]        = { 503, "Service Unavailable", "out of memory", "no_memory" },
	[PCB_ERR_LOG_WRITE]        = { 503, "Service Unavailable", "log not writable", "log_write" },
	[PCB_ERR_LOG_SYNC]         = { 503, "Service Unavailable", "log not durable", "log_sync" },
};
/* clang-format on */

const struct pcb_err_info *pcb_err_info(enum pcb_err err)
{
	if ((unsigned)err >= PCB_ERR_COUNT)
		err = PCB_ERR_NO_MEMORY;
	return &err_table[err];
}

int pcb_err_is_batch(enum pcb_err err)
{
	return err >= PCB_ERR_JSON_EMPTY && err <= PCB_ERR_BATCH_TOO_MANY;
}
