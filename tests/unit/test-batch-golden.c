/*
 * test-batch-golden: every tests/data/batch/NAME.json is turned into lines and
 * compared with NAME.events (event log lines), NAME.rejects (reject log lines)
 * and NAME.result ("STATUS<TAB>REASON<TAB>VALID<TAB>REJECTED"). The command is
 * Push.AllMemberPush for names starting "allmemberpush-", else Push.OfflinePush.
 * With PCB_REGEN=1 the expected files are written instead (review them!).
 */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_batch.h"
#include "pcb_error.h"
#include "tap.h"

#define RECVTIME "2026-01-02T03:04:05Z"
#define APPID "1400000000"

static int regen;

static void write_expected(const char *name, const char *ext, const char *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/batch/%s.%s", getenv("top_srcdir"), name, ext);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static void compare(const char *name, const char *ext, const char *got, size_t len)
{
	char rel[512], label[600];
	size_t wantlen;

	/* Regenerated files are read back like the others: the same plan either way. */
	if (regen)
		write_expected(name, ext, got, len);
	snprintf(rel, sizeof(rel), "batch/%s.%s", name, ext);
	snprintf(label, sizeof(label), "%s: %s as expected", name, ext);
	char *want = tap_slurp(rel, &wantlen);
	tap_is_mem(got, len, want, wantlen, label);
	free(want);
}

static int is_case(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[4096], name[256], result[512];
	struct dirent **list;
	struct pcb_batch b;
	struct pcb_buf ev, rj;
	int n;

	regen = getenv("PCB_REGEN") != NULL;
	snprintf(dir, sizeof(dir), "%s/tests/data/batch", top ? top : ".");
	n = scandir(dir, &list, is_case, alphasort);
	if (n <= 0) {
		printf("Bail out! no cases in %s\n", dir);
		return 1;
	}
	if (pcb_batch_init(&b) < 0)
		return 1;
	pcb_buf_init(&ev, 0);
	pcb_buf_init(&rj, 0);
	for (int i = 0; i < n; i++) {
		char rel[512];
		size_t len;
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(list[i]->d_name) - 5), list[i]->d_name);
		snprintf(rel, sizeof(rel), "batch/%s", list[i]->d_name);
		char *body = tap_slurp(rel, &len);
		const struct pcb_command *cmd = strncmp(name, "allmemberpush-", 14) == 0
						    ? pcb_command_find("Push.AllMemberPush", 18)
						    : pcb_command_find("Push.OfflinePush", 16);
		struct pcb_batch_out out = { &ev, &rj, 0, 0, 0 };
		pcb_buf_reset(&ev);
		pcb_buf_reset(&rj);
		enum pcb_err err = pcb_batch_process(&b, cmd, body, len, RECVTIME, APPID, &out);
		const struct pcb_err_info *info = pcb_err_info(err);
		int rlen = snprintf(result, sizeof(result), "%d\t%s\t%u\t%u\n", info->status, info->reason,
				    out.nvalid, out.nrejected);
		compare(name, "result", result, (size_t)rlen);
		compare(name, "events", ev.data ? ev.data : "", ev.len);
		compare(name, "rejects", rj.data ? rj.data : "", rj.len);
		free(body);
		free(list[i]);
	}
	free(list);
	pcb_buf_free(&ev);
	pcb_buf_free(&rj);
	pcb_batch_free(&b);
	if (regen)
		tap_diag("expected files written: review them with git diff");
	return tap_done();
}
