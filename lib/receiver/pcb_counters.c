/* pcb_counters.c: see pcb_counters.h. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "pcb_buf.h"
#include "pcb_counters.h"
#include "pcb_diag.h"

/*
 * The host's counter file into [path]: PUSHCB_STATE_DIR/push_callback.metrics,
 * or without a state directory the hidden one in the log directory
 * (pcb_metrics.h); with [legacy], where 0.2 kept it instead (the log
 * directory, not hidden). Returns 0, or -1 after a message when too long.
 */
static int counters_path(const struct pcb_config *cfg, int legacy, char *path, size_t size)
{
	int len = legacy ? snprintf(path, size, "%s/%s", cfg->log_dir, PCB_METRICS_FILE)
		  : cfg->state_dir[0] != '\0'
		      ? snprintf(path, size, "%s/%s", cfg->state_dir, PCB_METRICS_FILE)
		      : snprintf(path, size, "%s/%s", cfg->log_dir, PCB_METRICS_HIDDEN_FILE);

	if (len < 0 || (size_t)len >= size) {
		pcb_diag("counters: the directory's path is too long");
		return -1;
	}
	return 0;
}

void pcb_counters_open(struct pcb_metrics *m, const struct pcb_config *cfg, int64_t now)
{
	char path[PATH_MAX], old[PATH_MAX], err[2 * PATH_MAX + 128];
	int rc;

	if (counters_path(cfg, 0, path, sizeof(path)) != 0 || counters_path(cfg, 1, old, sizeof(old)) != 0)
		return;
	rc = pcb_metrics_move(old, path, err, sizeof(err));
	if (rc != 0)
		pcb_diag("%s: counters: %s", rc > 0 ? "note" : "warning", err);
	rc = pcb_metrics_open(m, path, 1, now, err, sizeof(err));
	if (rc < 0)
		pcb_diag("warning: requests are served but not counted: %s", err);
	else if (rc > 0)
		pcb_diag("note: counters: %s", err);
}

int pcb_counters_print(const struct pcb_config *cfg, FILE *out)
{
	char path[PATH_MAX], old[PATH_MAX], err[PATH_MAX + 128];
	struct pcb_metrics m;
	struct pcb_buf text;
	int rc = 0;

	if (counters_path(cfg, 0, path, sizeof(path)) < 0 || counters_path(cfg, 1, old, sizeof(old)) < 0)
		return 1;
	/* From where 0.2 kept them while no worker has moved them yet. */
	if (pcb_metrics_open(&m, access(path, F_OK) < 0 && access(old, F_OK) == 0 ? old : path, 0, 0, err,
			     sizeof(err)) < 0) {
		pcb_diag("--metrics: %s", err);
		return 1;
	}
	pcb_buf_init(&text, 0);
	pcb_metrics_write(&m, &text);
	pcb_metrics_close(&m);
	if (pcb_buf_failed(&text) || fwrite(text.data, 1, text.len, out) != text.len || fflush(out) != 0) {
		pcb_diag("--metrics: standard output: %s", strerror(errno));
		rc = 1;
	}
	pcb_buf_free(&text);
	return rc;
}
