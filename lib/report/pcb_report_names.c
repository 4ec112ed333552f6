/* pcb_report_names.c: see pcb_report_names.h. */
#include <config.h>

#include <string.h>

#include "pcb_report_names.h"

int pcb_report_format_parse(const char *s, enum pcb_report_format *fmt)
{
	static const struct {
		const char *name;
		enum pcb_report_format fmt;
	} all[] = { { "text", PCB_FMT_TEXT },
		    { "tsv", PCB_FMT_TSV },
		    { "json", PCB_FMT_JSON },
		    { "html", PCB_FMT_HTML },
		    { "openmetrics", PCB_FMT_OPENMETRICS } };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(s, all[i].name) == 0) {
			*fmt = all[i].fmt;
			return 0;
		}
	}
	return -1;
}

const char *pcb_report_by_name(enum pcb_report_by by)
{
	static const char *const names[] = { "vendor", "vendor,hour", "vendor,day", "taskid",
					     "taskid,vendor,day" };

	return names[by];
}
