/* pcb_counters.c: see pcb_counters.h. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "pcb_buf.h"
#include "pcb_counters.h"
#include "pcb_diag.h"

/* The counter file's path into [path]. Returns 0, or -1 after a message when too long. */
static int counters_path(const struct pcb_config *cfg, char *path, size_t size)
{
	int len = snprintf(path, size, "%s/%s", cfg->log_dir, PCB_METRICS_FILE);

	if (len < 0 || (size_t)len >= size) {
		pcb_diag("counters: the log directory's path is too long");
		return -1;
	}
	return 0;
}

void pcb_counters_open(struct pcb_metrics *m, const struct pcb_config *cfg, int64_t now)
{
	char path[PATH_MAX], err[PATH_MAX + 128];
	int rc;

	if (counters_path(cfg, path, sizeof(path)) != 0)
		return;
	rc = pcb_metrics_open(m, path, 1, now, err, sizeof(err));
	if (rc < 0)
		pcb_diag("warning: requests are served but not counted: %s", err);
	else if (rc > 0)
		pcb_diag("note: counters: %s", err);
}

int pcb_counters_print(const struct pcb_config *cfg, FILE *out)
{
	char path[PATH_MAX], err[PATH_MAX + 128];
	struct pcb_metrics m;
	struct pcb_buf text;
	int rc = 0;

	if (counters_path(cfg, path, sizeof(path)) < 0)
		return 1;
	if (pcb_metrics_open(&m, path, 0, 0, err, sizeof(err)) < 0) {
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
