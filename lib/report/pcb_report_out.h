/*
 * pcb_report_out.h: a finished report written out as an aligned text table,
 * TSV, JSON, a self-contained HTML page with SVG funnels, or OpenMetrics.
 *
 * Every format shows the same tables (pcb_report_table.h) under the same
 * column names; only the rendering differs. This is the top of the report's
 * output: it builds the tables and calls the writer of the format
 * (format/); the names they share are below them all (pcb_report_names.h).
 */
#ifndef PCB_REPORT_OUT_H
#define PCB_REPORT_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "pcb_report.h"
#include "pcb_report_names.h"

/*
 * Writes report [r] to [out] in format [fmt], with at most [top] error rows.
 * Returns 0, or -1 when out of memory or when writing to [out] failed.
 */
int pcb_report_write(FILE *out, enum pcb_report_format fmt, struct pcb_report *r, size_t top);

#endif
