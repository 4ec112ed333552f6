/* test-report-names: -F and --by spell their names one way, and every format and grouping has one. */
#include <config.h>

#include "pcb_report_names.h"
#include "tap.h"

int main(void)
{
	static const char *const formats[] = { "text", "tsv", "json", "html", "openmetrics" };
	enum pcb_report_format fmt = PCB_FMT_HTML;

	tap_plan(11);
	for (int i = 0; i < 5; i++)
		tap_ok(pcb_report_format_parse(formats[i], &fmt) == 0 && (int)fmt == i, "-F %s", formats[i]);
	fmt = PCB_FMT_TSV;
	tap_ok(pcb_report_format_parse("TEXT", &fmt) < 0 && pcb_report_format_parse("", &fmt) < 0 &&
		   pcb_report_format_parse("jsonx", &fmt) < 0 && fmt == PCB_FMT_TSV,
	       "another spelling is no format, and the format is left alone");
	tap_is_str(pcb_report_by_name(PCB_BY_VENDOR), "vendor", "--by vendor");
	tap_is_str(pcb_report_by_name(PCB_BY_VENDOR_HOUR), "vendor,hour", "--by vendor,hour");
	tap_is_str(pcb_report_by_name(PCB_BY_VENDOR_DAY), "vendor,day", "--by vendor,day");
	tap_is_str(pcb_report_by_name(PCB_BY_TASKID), "taskid", "--by taskid");
	tap_is_str(pcb_report_by_name(PCB_BY_TASKID_VENDOR_DAY), "taskid,vendor,day",
		   "pushcb-reconcile's grouping");
	return tap_done();
}
