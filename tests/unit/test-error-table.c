/* test-error-table: every error has a status, a phrase and a reason that is safe inside JSON. */
#include <config.h>

#include <string.h>

#include "pcb_error.h"
#include "tap.h"

int main(void)
{
	int all_filled = 1, all_safe = 1, all_4xx_or_5xx = 1;

	for (int e = 0; e < PCB_ERR_COUNT; e++) {
		const struct pcb_err_info *i = pcb_err_info((enum pcb_err)e);
		if (i->status == 0 || i->status_text == NULL || i->reason == NULL)
			all_filled = 0;
		else if (strpbrk(i->reason, "\"\\\t\n") != NULL)
			all_safe = 0;
		if (e != PCB_OK && i != NULL && i->status < 400)
			all_4xx_or_5xx = 0;
	}
	int names_ok = 1;
	for (int e = 0; e < PCB_ERR_COUNT; e++) {
		const char *n = pcb_err_info((enum pcb_err)e)->name;
		names_ok &= n != NULL && n[0] != '\0' &&
			    strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(n);
		for (int f = 0; names_ok && f < e; f++)
			names_ok &= strcmp(n, pcb_err_info((enum pcb_err)f)->name) != 0;
	}
	tap_ok(names_ok, "every error has its own metric label, of [a-z0-9_] only");
	tap_ok(all_filled, "every error has a row in the table");
	tap_ok(all_safe, "no reason holds a quote, backslash or control character");
	tap_ok(all_4xx_or_5xx, "every refusal is 4xx or 5xx");
	tap_is_int(pcb_err_info(PCB_OK)->status, 200, "OK is 200");
	tap_is_int(pcb_err_info(PCB_ERR_METHOD)->status, 405, "method: 405");
	tap_is_int(pcb_err_info(PCB_ERR_APPID_UNKNOWN)->status, 403, "unknown SdkAppid: 403");
	tap_is_int(pcb_err_info(PCB_ERR_SIGN_WRONG)->status, 403, "wrong Sign: 403");
	tap_is_int(pcb_err_info(PCB_ERR_COMMAND_UNKNOWN)->status, 400, "unknown command: 400");
	tap_is_int(pcb_err_info(PCB_ERR_CONTENT_TYPE)->status, 415, "contenttype: 415");
	tap_is_int(pcb_err_info(PCB_ERR_BODY_TOO_LARGE)->status, 413, "too large: 413");
	tap_is_int(pcb_err_info(PCB_ERR_LENGTH_MISSING)->status, 411, "no CONTENT_LENGTH: 411");
	tap_is_int(pcb_err_info(PCB_ERR_LOG_WRITE)->status, 503, "log not writable: 503");
	tap_is_int(pcb_err_info((enum pcb_err)9999)->status, 503,
		   "an unknown value maps to 503, not out of bounds");
	tap_ok(pcb_err_is_batch(PCB_ERR_JSON_SYNTAX) && pcb_err_is_batch(PCB_ERR_BATCH_TOO_MANY) &&
		   !pcb_err_is_batch(PCB_ERR_BODY_SHORT) && !pcb_err_is_batch(PCB_ERR_LOG_WRITE),
	       "batch errors are exactly the JSON and batch ones");
	return tap_done();
}
