/*
 * pcb_query.h: the query string of a callback. Names are matched without
 * regard to case (Tencent spells SdkAppid three ways); names and values are
 * percent-decoded, '+' is a space. Unknown parameters are skipped.
 */
#ifndef PCB_QUERY_H
#define PCB_QUERY_H

#include <stddef.h>

#include "pcb_error.h"
#include "pcb_limits.h"

enum pcb_qp {
	PCB_QP_SDKAPPID,
	PCB_QP_COMMAND,
	PCB_QP_CONTENTTYPE,
	PCB_QP_SIGN,
	PCB_QP_REQUESTTIME,
	PCB_QP_COUNT
};

struct pcb_query {
	/* value[i] points into buf, NUL-terminated, or is NULL when absent. */
	const char *value[PCB_QP_COUNT];
	size_t len[PCB_QP_COUNT];
	char buf[PCB_MAX_QUERY + 1];
};

/*
 * Parses [len] bytes of [qs] into [q]. Returns PCB_OK; PCB_ERR_QUERY_TOO_LONG
 * over PCB_MAX_QUERY bytes; PCB_ERR_QUERY_TOO_MANY over PCB_MAX_QUERY_PARAMS
 * parameters; PCB_ERR_QUERY_ENCODING for a '%' not followed by two hex digits
 * or a decoded NUL anywhere; PCB_ERR_QUERY_REPEATED when one of ours appears
 * twice. [qs] may be NULL (no query).
 */
enum pcb_err pcb_query_parse(struct pcb_query *q, const char *qs, size_t len);

#endif
