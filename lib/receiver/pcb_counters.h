/*
 * pcb_counters.h: the host's counter file (pcb_metrics.h) as push_callback
 * uses it: a worker moves it from where 0.2 kept it and maps it to count
 * into, --metrics prints it. The file is PCB_METRICS_FILE in
 * PUSHCB_STATE_DIR, or PCB_METRICS_HIDDEN_FILE in the log directory.
 */
#ifndef PCB_COUNTERS_H
#define PCB_COUNTERS_H

#include <stdint.h>
#include <stdio.h>

#include "pcb_config.h"
#include "pcb_metrics.h"

/*
 * Maps the counters of [cfg]'s log directory into [m] for a worker at time
 * [now]. A worker that cannot still serves requests: that is said once, as
 * is the replacing of a file of another layout. [m], zeroed or closed
 * before, then counts nothing.
 */
void pcb_counters_open(struct pcb_metrics *m, const struct pcb_config *cfg, int64_t now);

/*
 * push_callback --metrics: the counters of every worker in the Prometheus
 * text format on [out]. Returns the exit status: 0, or 1 after a message.
 */
int pcb_counters_print(const struct pcb_config *cfg, FILE *out);

#endif
