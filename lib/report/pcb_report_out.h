/*
 * pcb_report_out.h: a finished report written out as an aligned text table,
 * TSV, JSON or a self-contained HTML page with SVG funnels.
 *
 * Every format shows the same three tables (funnel, top errors, input
 * summary) under the same column names; only the rendering differs.
 */
#ifndef PCB_REPORT_OUT_H
#define PCB_REPORT_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "pcb_report.h"

enum pcb_report_format { PCB_FMT_TEXT, PCB_FMT_TSV, PCB_FMT_JSON, PCB_FMT_HTML, PCB_FMT_OPENMETRICS };

/* Rows a funnel chart of the HTML page draws at most (vendors, or TaskIds). */
#define PCB_REPORT_HTML_ROWS_MAX 100

/*
 * Writes report [r] to [out] in format [fmt], with at most [top] error rows.
 * Returns 0, or -1 when out of memory or when writing to [out] failed.
 */
int pcb_report_write(FILE *out, enum pcb_report_format fmt, struct pcb_report *r, size_t top);

/* The name of grouping [by] as the --by option spells it ("vendor,hour"). */
const char *pcb_report_by_name(enum pcb_report_by by);

#endif
