/*
 * pcb_oneshot.h: push_callback's modes that run once and exit
 * (--check-config, --housekeep, --metrics), each confined to what it needs
 * (pcb_confine.h) before it runs.
 */
#ifndef PCB_ONESHOT_H
#define PCB_ONESHOT_H

#include <stdint.h>
#include <stdio.h>

#include "pcb_config.h"
#include "pcb_options.h"

/*
 * Runs the mode [o] asks for with configuration [cfg] (read from [used], ""
 * when from the environment only), writing on [out], at time [now]. Returns
 * its exit status; -1 when [o] asks for none of these modes (nothing done,
 * nothing confined).
 */
int pcb_oneshot_run(const struct pcb_config *cfg, const struct pcb_options *o, const char *used, int64_t now,
		    FILE *out);

#endif
