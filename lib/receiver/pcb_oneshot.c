/*
 * pcb_oneshot.c: the modes that run once (pcb_oneshot.h).
 */
#include <config.h>

#include "pcb_oneshot.h"

#include "pcb_config_file.h"
#include "pcb_confine.h"
#include "pcb_counters.h"
#include "pcb_housekeep.h"

int pcb_oneshot_run(const struct pcb_config *cfg, const struct pcb_options *o, const char *used, int64_t now,
		    FILE *out)
{
	enum pcb_confine_mode mode;
	int status;

	if (o->check_config)
		mode = PCB_CONFINE_CHECK;
	else if (o->housekeep)
		mode = PCB_CONFINE_HOUSEKEEP;
	else if (o->metrics)
		mode = PCB_CONFINE_METRICS;
	else
		return -1;
	if (pcb_confine(cfg, mode, o->no_sandbox) < 0)
		return 1;
	switch (mode) {
	case PCB_CONFINE_CHECK:
		return pcb_config_file_check(cfg, used, out);
	case PCB_CONFINE_METRICS:
		return pcb_counters_print(cfg, out);
	default:
		/* The log directory, then the fallback one. */
		status = pcb_hk_command(cfg->log_dir, now, cfg->keep_days, out);
		if (cfg->fallback_dir[0] != '\0' &&
		    pcb_hk_command(cfg->fallback_dir, now, cfg->keep_days, out) != 0)
			status = 1;
		return status;
	}
}
