/* pcb_report_out.c: see pcb_report_out.h. The tables are built in pcb_report_table.c, written by format/pcb_report_FORMAT.c. */
#include <config.h>

#include "pcb_report_out.h"

#include "pcb_report_table.h"

int pcb_report_write(FILE *out, enum pcb_report_format fmt, struct pcb_report *r, size_t top)
{
	struct ro_table t[RO_NTABLES];
	int rc = -1;

	if (pcb_rt_build(r, top, t) != 0)
		goto out;
	switch (fmt) {
	case PCB_FMT_TEXT:
		pcb_rt_write_text(out, pcb_report_opts(r), t);
		rc = 0;
		break;
	case PCB_FMT_TSV:
		pcb_rt_write_tsv(out, t);
		rc = 0;
		break;
	case PCB_FMT_JSON:
		rc = pcb_rt_write_json(out, pcb_report_opts(r), t);
		break;
	case PCB_FMT_HTML:
		rc = pcb_rt_write_html(out, r, t);
		break;
	case PCB_FMT_OPENMETRICS:
		rc = pcb_rt_write_openmetrics(out, r);
		break;
	}
	if (fflush(out) != 0 || ferror(out))
		rc = -1;
out:
	pcb_rt_free(t);
	return rc;
}
