/* pcb_body.c: see pcb_body.h. */
#include <config.h>

#include "pcb_body.h"

enum pcb_err pcb_body_length(const char *cl, size_t max_body, size_t *len)
{
	size_t v = 0;
	int too_large = 0;

	if (cl == NULL || cl[0] == '\0')
		return PCB_ERR_LENGTH_MISSING;
	for (const char *p = cl; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return PCB_ERR_LENGTH_INVALID;
		size_t d = (size_t)(*p - '0');
		/* Once past the limit, keep checking the syntax but stop counting. */
		if (too_large || d > max_body || v > (max_body - d) / 10)
			too_large = 1;
		else
			v = v * 10 + d;
	}
	if (too_large || v > max_body)
		return PCB_ERR_BODY_TOO_LARGE;
	*len = v;
	return PCB_OK;
}

size_t pcb_body_read_size(size_t len)
{
	return len + 1;
}

enum pcb_err pcb_body_check(size_t len, size_t got)
{
	if (got < len)
		return PCB_ERR_BODY_SHORT;
	if (got > len)
		return PCB_ERR_BODY_LONG;
	return PCB_OK;
}
