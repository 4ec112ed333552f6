/* pcb_handler.c: see pcb_handler.h. */
#include <config.h>

#include "pcb_handler.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pcb_body.h"
#include "pcb_diag.h"
#include "pcb_logformat.h"
#include "pcb_query.h"
#include "pcb_sign.h"

int pcb_handler_init(struct pcb_handler *h, const struct pcb_config *cfg)
{
	memset(h, 0, sizeof(*h));
	h->cfg = cfg;
	pcb_buf_init(&h->evbuf, 0);
	pcb_buf_init(&h->rjbuf, 0);
	for (size_t i = 0; i < PCB_MAX_COMMANDS; i++)
		pcb_buf_init(&h->headers[i], 0);
	if (pcb_batch_init(&h->batch) < 0)
		goto fail;
	for (size_t i = 0; i < pcb_ncommands; i++) {
		const struct pcb_command *cmd = pcb_commands[i];
		char base[PCB_LOG_BASE_MAX];

		pcb_log_header(&h->headers[i], cmd);
		if (pcb_buf_failed(&h->headers[i]) || pcb_log_base(cmd, 0, base) < 0)
			goto fail;
		pcb_logfile_init(&h->events[i], cfg->log_dir, base, h->headers[i].data, cfg->rotate,
				 cfg->max_bytes, cfg->fsync);
		if (pcb_log_base(cmd, 1, base) < 0)
			goto fail;
		pcb_logfile_init(&h->rejects[i], cfg->log_dir, base, PCB_LOG_REJECT_HEADER, cfg->rotate,
				 cfg->max_bytes, cfg->fsync);
		pcb_logfile_init(&h->fb_rejects[i], cfg->fallback_dir, base, PCB_LOG_REJECT_HEADER,
				 cfg->rotate, cfg->max_bytes, cfg->fsync);
		if (pcb_log_base(cmd, 0, base) < 0)
			goto fail;
		pcb_logfile_init(&h->fb_events[i], cfg->fallback_dir, base, h->headers[i].data, cfg->rotate,
				 cfg->max_bytes, cfg->fsync);
	}
	return 0;
fail:
	pcb_handler_free(h);
	return -1;
}

void pcb_handler_free(struct pcb_handler *h)
{
	if (h == NULL)
		return;
	pcb_handler_reopen(h);
	pcb_metrics_close(&h->metrics);
	pcb_batch_free(&h->batch);
	pcb_buf_free(&h->evbuf);
	pcb_buf_free(&h->rjbuf);
	for (size_t i = 0; i < PCB_MAX_COMMANDS; i++)
		pcb_buf_free(&h->headers[i]);
}

void pcb_handler_reopen(struct pcb_handler *h)
{
	for (size_t i = 0; i < pcb_ncommands; i++) {
		pcb_logfile_close(&h->events[i]);
		pcb_logfile_close(&h->rejects[i]);
		pcb_logfile_close(&h->fb_events[i]);
		pcb_logfile_close(&h->fb_rejects[i]);
	}
}

/*
 * Notes a refusal on stderr: what, why, and who asked. A log that cannot be
 * written is not noted here: pcb_logfile reports it once per cause, where a
 * line per request would flood the error log while the disk is full.
 */
static enum pcb_err refuse(const struct pcb_handler *h, enum pcb_err err)
{
	const struct pcb_err_info *info = pcb_err_info(err);

	if (err != PCB_ERR_LOG_WRITE && err != PCB_ERR_LOG_SYNC)
		pcb_diag("refused %d from %s: %s", info->status, h->client, info->reason);
	return err;
}

static int is_json_type(const char *v, size_t len)
{
	return len == 4 && strncasecmp(v, "json", 4) == 0;
}

/*
 * The caller, at [now]: Sign and RequestTime when [cfg] has tokens, then
 * SdkAppid (an empty parameter counts as absent). The Sign comes first so
 * that a caller without a good one gets the same answer whatever SdkAppid
 * it sends, and cannot learn which are configured. Returns PCB_OK, or the
 * first failure.
 */
static enum pcb_err check_caller(const struct pcb_config *cfg, const struct pcb_query *q, time_t now)
{
	enum pcb_err err = PCB_OK;

	if (cfg->ntokens > 0)
		err =
		    pcb_sign_verify(&cfg->tokens[0][0], sizeof(cfg->tokens[0]), cfg->ntokens,
				    q->value[PCB_QP_SIGN], q->len[PCB_QP_SIGN], q->value[PCB_QP_REQUESTTIME],
				    q->len[PCB_QP_REQUESTTIME], now, cfg->sign_window);
	if (err == PCB_OK && q->len[PCB_QP_SDKAPPID] == 0)
		err = PCB_ERR_APPID_MISSING;
	else if (err == PCB_OK &&
		 !pcb_config_has_appid(cfg, q->value[PCB_QP_SDKAPPID], q->len[PCB_QP_SDKAPPID]))
		err = PCB_ERR_APPID_UNKNOWN;
	return err;
}

enum pcb_err pcb_handler_head(struct pcb_handler *h, const struct pcb_request *req, time_t now,
			      size_t *read_size)
{
	struct pcb_query q;
	const struct pcb_command *cmd;
	enum pcb_err err;

	h->now = now;
	h->nvalid = h->nrejected = h->nunknown = 0;
	h->parsed = 0;
	h->appid[0] = '\0';
	snprintf(h->client, sizeof(h->client), "%s", req->remote_addr ? req->remote_addr : "-");

	if (req->method == NULL || strcmp(req->method, "POST") != 0)
		return refuse(h, PCB_ERR_METHOD);
	err = pcb_query_parse(&q, req->query, req->query ? strlen(req->query) : 0);
	if (err != PCB_OK)
		return refuse(h, err);

	err = check_caller(h->cfg, &q, now);
	if (err != PCB_OK)
		return refuse(h, err);
	snprintf(h->appid, sizeof(h->appid), "%s", q.value[PCB_QP_SDKAPPID]);

	/* What is asked. */
	if (q.len[PCB_QP_COMMAND] == 0)
		return refuse(h, PCB_ERR_COMMAND_MISSING);
	cmd = pcb_command_find(q.value[PCB_QP_COMMAND], q.len[PCB_QP_COMMAND]);
	if (cmd == NULL)
		return refuse(h, PCB_ERR_COMMAND_UNKNOWN);
	for (h->cmd_index = 0; pcb_commands[h->cmd_index] != cmd; h->cmd_index++)
		continue;
	if (q.value[PCB_QP_CONTENTTYPE] != NULL &&
	    !is_json_type(q.value[PCB_QP_CONTENTTYPE], q.len[PCB_QP_CONTENTTYPE]))
		return refuse(h, PCB_ERR_CONTENT_TYPE);

	err = pcb_body_length(req->content_length, h->cfg->max_body, &h->body_len);
	if (err != PCB_OK)
		return refuse(h, err);
	pcb_log_recvtime((long long)now, h->recvtime);
	*read_size = pcb_body_read_size(h->body_len);
	return PCB_OK;
}

/*
 * Writes what a batch produced to [events] and [rejects], one directory's
 * logs: events first, then rejects; one write each. When the rejects cannot
 * be written the events stay in their file (a log file only grows).
 */
static enum pcb_err write_to(struct pcb_handler *h, struct pcb_logfile *events, struct pcb_logfile *rejects)
{
	enum pcb_err err = PCB_OK;

	if (h->evbuf.len > 0)
		err = pcb_logfile_append(events, h->now, h->evbuf.data, h->evbuf.len);
	if (err == PCB_OK)
		pcb_metrics_add(&h->metrics, PCB_M_BYTES_EVENTS + h->cmd_index, h->evbuf.len);
	if (err == PCB_OK && h->rjbuf.len > 0)
		err = pcb_logfile_append(rejects, h->now, h->rjbuf.data, h->rjbuf.len);
	if (err == PCB_OK)
		pcb_metrics_add(&h->metrics, PCB_M_BYTES_REJECTS + h->cmd_index, h->rjbuf.len);
	return err;
}

/*
 * Notes whether the log directory took the last batch ([failing] 0) or not:
 * in the gauge, and on stderr once when it starts failing and once when it
 * works again (pcb_logfile says each file's cause).
 */
static void note_log_dir(struct pcb_handler *h, int failing)
{
	pcb_metrics_set(&h->metrics, PCB_M_LOG_DIR_FAILING, (uint64_t)failing);
	if (failing == h->log_dir_failing)
		return;
	h->log_dir_failing = failing;
	if (!failing)
		pcb_diag("log directory %s takes batches again", h->cfg->log_dir);
	else if (h->cfg->fallback_dir[0] != '\0')
		pcb_diag("log directory %s fails: batches go to the fallback directory %s until it works",
			 h->cfg->log_dir, h->cfg->fallback_dir);
	else
		pcb_diag("log directory %s fails and no PUSHCB_FALLBACK_DIR is set: batches are refused "
			 "with 503, and lost, until it works",
			 h->cfg->log_dir);
}

/*
 * Writes the batch to the log directory, else whole to the fallback
 * directory (pcb_handler.h). Returns PCB_OK once one of them holds every
 * line, else the last failure.
 */
static enum pcb_err write_lines(struct pcb_handler *h)
{
	size_t i = h->cmd_index;
	enum pcb_err err = write_to(h, &h->events[i], &h->rejects[i]);

	note_log_dir(h, err != PCB_OK);
	if (err == PCB_OK || h->cfg->fallback_dir[0] == '\0')
		return err;
	err = write_to(h, &h->fb_events[i], &h->fb_rejects[i]);
	if (err == PCB_OK)
		pcb_metrics_add(&h->metrics, PCB_M_FALLBACK_WRITES + i, 1);
	return err;
}

enum pcb_err pcb_handler_body(struct pcb_handler *h, const char *body, size_t got, int read_failed)
{
	const struct pcb_command *cmd = pcb_commands[h->cmd_index];
	struct pcb_batch_out out = { &h->evbuf, &h->rjbuf, 0, 0, 0 };
	enum pcb_err err, werr;

	if (read_failed)
		return refuse(h, PCB_ERR_BODY_READ);
	err = pcb_body_check(h->body_len, got);
	if (err != PCB_OK)
		return refuse(h, err);

	pcb_buf_reset(&h->evbuf);
	pcb_buf_reset(&h->rjbuf);
	err = pcb_batch_process(&h->batch, cmd, body, got, h->recvtime, h->appid, &out);
	if (err == PCB_OK) {
		/* Counted from here on, even if refused. */
		h->parsed = 1;
		h->nvalid = out.nvalid;
		h->nrejected = out.nrejected;
		h->nunknown = out.nunknown;
	}
	if (pcb_err_is_batch(err)) {
		/* Broken as a whole: the body is kept, whole, in the reject log. */
		pcb_buf_reset(&h->evbuf);
		pcb_buf_reset(&h->rjbuf);
		pcb_log_reject_line(&h->rjbuf, h->recvtime, h->appid, cmd->name, -1,
				    pcb_err_info(err)->reason, body, got);
	} else if (err != PCB_OK) {
		return refuse(h, err);
	}
	if (pcb_buf_failed(&h->evbuf) || pcb_buf_failed(&h->rjbuf))
		return refuse(h, PCB_ERR_NO_MEMORY);
	werr = write_lines(h);
	if (werr != PCB_OK)
		return refuse(h, werr);
	if (err != PCB_OK)
		return refuse(h, err);
	return PCB_OK;
}

/* Counts the events of a batch refused with [err], when it is a refusal of ours. */
static void count_refused(struct pcb_handler *h, enum pcb_err err)
{
	enum pcb_refusal r = pcb_refusal_of(err);

	if (r == PCB_REFUSAL_NONE)
		return;
	if (h->parsed)
		pcb_metrics_add(&h->metrics,
				PCB_M_EVENTS_REFUSED + h->cmd_index * PCB_REFUSAL_COUNT + (size_t)r,
				(uint64_t)h->nvalid + h->nrejected);
	else
		pcb_metrics_add(&h->metrics, PCB_M_BATCHES_REFUSED_UNPARSED + r, 1);
}

void pcb_handler_count(struct pcb_handler *h, enum pcb_err err)
{
	pcb_metrics_check(&h->metrics, h->now);
	pcb_metrics_add(&h->metrics, PCB_M_REQUESTS + (unsigned)err, 1);
	if (err != PCB_OK) {
		count_refused(h, err);
		return;
	}
	pcb_metrics_add(&h->metrics, PCB_M_BATCHES + h->cmd_index, 1);
	pcb_metrics_add(&h->metrics, PCB_M_EVENTS_LOGGED + h->cmd_index, h->nvalid);
	pcb_metrics_add(&h->metrics, PCB_M_EVENTS_REJECTED + h->cmd_index, h->nrejected);
	pcb_metrics_add(&h->metrics, PCB_M_UNKNOWN_FIELDS + h->cmd_index, h->nunknown);
	pcb_metrics_set(&h->metrics, PCB_M_LAST_SUCCESS, (uint64_t)h->now);
}

void pcb_response(enum pcb_err err, struct pcb_buf *out)
{
	const struct pcb_err_info *info = pcb_err_info(err);
	char head[160];

	snprintf(head, sizeof(head), "Status: %d %s\r\nContent-Type: application/json\r\n%s\r\n",
		 info->status, info->status_text, err == PCB_ERR_METHOD ? "Allow: POST\r\n" : "");
	pcb_buf_puts(out, head);
	if (err == PCB_OK) {
		pcb_buf_puts(out, "{\"ActionStatus\":\"OK\",\"ErrorInfo\":\"\",\"ErrorCode\":0}");
		return;
	}
	/* Reasons are plain ASCII without quotes or backslashes (pcb_error.c). */
	pcb_buf_puts(out, "{\"ActionStatus\":\"FAIL\",\"ErrorInfo\":\"");
	pcb_buf_puts(out, info->reason);
	pcb_buf_puts(out, "\",\"ErrorCode\":1}");
}
