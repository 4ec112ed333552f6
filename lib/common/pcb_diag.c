/* pcb_diag.c: see pcb_diag.h. */
#include <config.h>

#include "pcb_diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *diag_name = "push_callback";

void pcb_diag_set_name(const char *name)
{
	diag_name = name;
}

void pcb_diag(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int head, body;
	size_t len;

	head = snprintf(line, sizeof(line), "%s[%ld]: ", diag_name, (long)getpid());
	if (head < 0 || (size_t)head >= sizeof(line))
		head = 0;
	va_start(ap, fmt);
	body = vsnprintf(line + head, sizeof(line) - (size_t)head, fmt, ap);
	va_end(ap);
	if (body < 0)
		body = 0;
	len = (size_t)head + (size_t)body;
	if (len > sizeof(line) - 2) {
		/* Truncated: mark it so that nobody mistakes it for the whole message. */
		len = sizeof(line) - 2;
		memcpy(line + len - 3, "...", 3);
	}
	line[len++] = '\n';
	/* One write so that lines of concurrent workers never interleave. */
	if (write(STDERR_FILENO, line, len) < 0) {
		/* Nowhere left to report it. */
	}
}
