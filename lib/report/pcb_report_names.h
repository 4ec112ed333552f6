/*
 * pcb_report_names.h: the names a report's options and every writer share:
 * the output formats (-F) and the groupings (--by). Below everything else
 * of the report's output: pcb_report_out, pcb_report_table and the writers
 * in format/ include it, and it includes only pcb_report.h.
 */
#ifndef PCB_REPORT_NAMES_H
#define PCB_REPORT_NAMES_H

#include "pcb_report.h"

enum pcb_report_format { PCB_FMT_TEXT, PCB_FMT_TSV, PCB_FMT_JSON, PCB_FMT_HTML, PCB_FMT_OPENMETRICS };

/* Sets [*fmt] to the format -F names [s] ("text", "tsv", "json", "html", "openmetrics"). Returns 0, or -1. */
int pcb_report_format_parse(const char *s, enum pcb_report_format *fmt);

/* The name of grouping [by] as the --by option spells it ("vendor,hour"). */
const char *pcb_report_by_name(enum pcb_report_by by);

#endif
