/* pcb_reconcile_out.c: pcb_rc_write(), one function per format. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <json.h>
#include <string.h>

#include "pcb_caltime.h"
#include "pcb_logformat.h"
#include "pcb_reconcile.h"
#include "pcb_schema.h"

#define RO_JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* The day of [row] as YYYY-MM-DD into [buf]. */
static const char *ro_day(int64_t day, char buf[PCB_CALTIME_BYTES])
{
	if (pcb_caltime_format_period(day, PCB_CALTIME_DAY, buf) != 0)
		snprintf(buf, PCB_CALTIME_BYTES, "?");
	return buf;
}

/* M% of [total] that [part] is, for the summary. */
static double ro_percent(uint64_t part, uint64_t total)
{
	return total == 0 ? 0.0 : (double)part * 100.0 / (double)total;
}

/* One text row of [row]. */
static void ro_text_row(FILE *out, const struct pcb_rc_row *row)
{
	char vbuf[24], ebuf[24] = "", task[PCB_TAPI_TASK_BYTES * PCB_LOG_MAX_GROWTH + 1];

	/* Escaped as the logs and the TSV have it: no control byte of Tencent's reaches a terminal. */
	*pcb_log_escape_to(task, row->task, strlen(row->task)) = '\0';
	if (pcb_rc_is_loss(row))
		snprintf(ebuf, sizeof(ebuf), "%" PRId64, row->errcode);
	fprintf(out,
		"  %-18s %-16s %-7s %-7s %-19s %7s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "\n",
		pcb_commands[row->cmd]->name, task[0] ? task : "-", pcb_rc_push_name(row->push),
		pcb_rc_vendor_name(row->vendor, vbuf), pcb_rc_stage_name(row->stage), ebuf, row->tencent,
		row->logged, row->missing, row->extra);
}

/* The rows of day [first, end) that are losses or not ([loss]), missing ones first. */
static void ro_text_rows(FILE *out, const struct pcb_rc *rc, size_t first, size_t end, int loss)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = first; i < end; i++)
			if (pcb_rc_is_loss(&rc->rows[i]) == loss && (rc->rows[i].missing > 0) == (pass == 0))
				ro_text_row(out, &rc->rows[i]);
}

static void ro_text(FILE *out, const struct pcb_rc *rc, const struct pcb_rc_summary *s)
{
	char day[PCB_CALTIME_BYTES];
	size_t i = 0;

	fputs("pushcb-reconcile: Tencent's push statistics against the logs, per Beijing day\n", out);
	while (i < rc->n) {
		size_t end = i;
		int losses = 0;

		while (end < rc->n && rc->rows[end].day == rc->rows[i].day)
			losses |= pcb_rc_is_loss(&rc->rows[end++]);
		fprintf(out, "\n%s%s\n", ro_day(rc->rows[i].day, day),
			rc->rows[i].partial ? " (partial: Tencent's figures may still grow)" : "");
		fprintf(out, "  %-18s %-16s %-7s %-7s %-19s %7s %10s %10s %10s %10s\n", "command", "task",
			"push", "vendor", "stage", "errcode", "tencent", "logged", "missing", "extra");
		ro_text_rows(out, rc, i, end, 0);
		if (losses)
			ro_text_rows(out, rc, i, end, 1);
		i = end;
	}
	fprintf(out, "\n%" PRIu64 " callbacks missing over %u days, %.2f%% of what Tencent counted",
		s->missing, s->days, ro_percent(s->missing, s->tencent));
	if (s->partial_missing > 0)
		fprintf(out, " (and %" PRIu64 " on partial days)", s->partial_missing);
	fputs("\n", out);
}

static void ro_tsv(FILE *out, const struct pcb_rc *rc)
{
	char day[PCB_CALTIME_BYTES], vbuf[24], task[PCB_TAPI_TASK_BYTES * PCB_LOG_MAX_GROWTH + 1];

	fputs("day\tcommand\ttask\tpush\tvendor\tstage\terrcode\ttencent\tlogged\tmissing\textra\tpartial\n",
	      out);
	for (size_t i = 0; i < rc->n; i++) {
		const struct pcb_rc_row *row = &rc->rows[i];

		*pcb_log_escape_to(task, row->task, strlen(row->task)) = '\0';
		fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t", ro_day(row->day, day), pcb_commands[row->cmd]->name,
			task, pcb_rc_push_name(row->push), pcb_rc_vendor_name(row->vendor, vbuf),
			pcb_rc_stage_name(row->stage));
		if (pcb_rc_is_loss(row))
			fprintf(out, "%" PRId64, row->errcode);
		fprintf(out, "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%s\n", row->tencent,
			row->logged, row->missing, row->extra, row->partial ? "true" : "false");
	}
}

/* Adds [name]: [v] to [o]; json-c owns [v] either way. Returns 0, or -1. */
static int ro_add(json_object *o, const char *name, json_object *v)
{
	if (v == NULL)
		return -1;
	return json_object_object_add(o, name, v);
}

static int ro_uint(json_object *o, const char *name, uint64_t n)
{
	return ro_add(o, name, json_object_new_uint64(n));
}

/* The JSON object of [row]. */
static json_object *ro_json_row(const struct pcb_rc_row *row)
{
	json_object *o = json_object_new_object();
	char day[PCB_CALTIME_BYTES], vbuf[24], code[24];
	int bad;

	if (o == NULL)
		return NULL;
	bad = ro_add(o, "day", json_object_new_string(ro_day(row->day, day))) ||
	      ro_add(o, "command", json_object_new_string(pcb_commands[row->cmd]->name));
	if (pcb_rc_is_loss(row)) {
		/* Tencent's ErrCode is a string here; it stays one. */
		snprintf(code, sizeof(code), "%" PRId64, row->errcode);
		bad = bad || ro_add(o, "push", json_object_new_string(pcb_rc_push_name(row->push))) ||
		      ro_add(o, "vendor", json_object_new_string(pcb_rc_vendor_name(row->vendor, vbuf))) ||
		      ro_add(o, "stage", json_object_new_string(pcb_rc_stage_name(row->stage))) ||
		      ro_add(o, "errcode", json_object_new_string(code));
	} else {
		bad = bad || ro_add(o, "task", json_object_new_string(row->task)) ||
		      ro_add(o, "push", json_object_new_string(pcb_rc_push_name(row->push))) ||
		      ro_add(o, "vendor", json_object_new_string(pcb_rc_vendor_name(row->vendor, vbuf))) ||
		      ro_add(o, "stage", json_object_new_string(pcb_rc_stage_name(row->stage)));
	}
	bad = bad || ro_uint(o, "tencent", row->tencent) || ro_uint(o, "logged", row->logged) ||
	      ro_uint(o, "missing", row->missing) || ro_uint(o, "extra", row->extra) ||
	      ro_add(o, "partial", json_object_new_boolean(row->partial));
	if (bad) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The rows of [rc] that are losses or not ([loss]), one JSON object a line. */
static int ro_json_rows(FILE *out, const struct pcb_rc *rc, int loss)
{
	const char *sep = "\n";

	for (size_t i = 0; i < rc->n; i++) {
		json_object *row;

		if (pcb_rc_is_loss(&rc->rows[i]) != loss)
			continue;
		row = ro_json_row(&rc->rows[i]);
		if (row == NULL) {
			errno = ENOMEM;
			return -1;
		}
		fprintf(out, "%s%s", sep, json_object_to_json_string_ext(row, RO_JSON_FLAGS));
		json_object_put(row);
		sep = ",\n";
	}
	return 0;
}

/* {"reconcile":[...],"losses":[...],"summary":{...}}, a row a line. */
static int ro_json(FILE *out, const struct pcb_rc *rc, const struct pcb_rc_summary *s)
{
	json_object *sum = json_object_new_object();
	int rc_ = -1;

	if (sum == NULL || ro_uint(sum, "days", s->days) || ro_uint(sum, "tencent", s->tencent) ||
	    ro_uint(sum, "missing", s->missing) || ro_uint(sum, "extra", s->extra) ||
	    ro_add(sum, "missing_percent", json_object_new_double(ro_percent(s->missing, s->tencent))) ||
	    ro_uint(sum, "partial_missing", s->partial_missing) ||
	    ro_add(sum, "over_tolerance", json_object_new_boolean(s->over_tolerance))) {
		errno = ENOMEM;
		goto out;
	}
	fputs("{\"reconcile\":[", out);
	if (ro_json_rows(out, rc, 0) != 0)
		goto out;
	fputs("],\n\"losses\":[", out);
	if (ro_json_rows(out, rc, 1) != 0)
		goto out;
	fprintf(out, "],\n\"summary\":%s}\n", json_object_to_json_string_ext(sum, RO_JSON_FLAGS));
	rc_ = 0;
out:
	json_object_put(sum);
	return rc_;
}

/* The gauges over the count rows of [rc], its tasks folded: one family per number. */
static int ro_openmetrics(FILE *out, const struct pcb_rc *rc)
{
	static const struct {
		const char *name, *help;
		size_t offset;
	} fam[] = {
		{ "pushcb_reconcile_tencent", "Tencent's push statistics count",
		  offsetof(struct pcb_rc_row, tencent) },
		{ "pushcb_reconcile_logged", "Events of the logs counted the same way",
		  offsetof(struct pcb_rc_row, logged) },
		{ "pushcb_reconcile_missing", "Counted by Tencent, not in the logs",
		  offsetof(struct pcb_rc_row, missing) },
	};
	struct pcb_rc folded;

	if (pcb_rc_fold_tasks(rc, &folded) != 0) {
		int e = errno;

		pcb_rc_free(&folded);
		errno = e;
		return -1;
	}
	for (size_t f = 0; f < sizeof(fam) / sizeof(fam[0]); f++) {
		fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", fam[f].name, fam[f].help, fam[f].name);
		for (size_t i = 0; i < folded.n; i++) {
			const struct pcb_rc_row *row = &folded.rows[i];
			char day[PCB_CALTIME_BYTES], vbuf[24];
			uint64_t v;

			if (pcb_rc_is_loss(row))
				continue;
			memcpy(&v, (const char *)row + fam[f].offset, sizeof(v));
			fprintf(out,
				"%s{command=\"%s\",push=\"%s\",vendor=\"%s\",stage=\"%s\",day=\"%s\",partial="
				"\"%s\"} "
				"%" PRIu64 "\n",
				fam[f].name, pcb_commands[row->cmd]->name, pcb_rc_push_name(row->push),
				pcb_rc_vendor_name(row->vendor, vbuf), pcb_rc_stage_name(row->stage),
				ro_day(row->day, day), row->partial ? "true" : "false", v);
		}
	}
	fputs("# EOF\n", out);
	pcb_rc_free(&folded);
	return 0;
}

int pcb_rc_write(FILE *out, enum pcb_rc_format fmt, const struct pcb_rc *rc, const struct pcb_rc_summary *s)
{
	int rc_ = 0;

	switch (fmt) {
	case PCB_RC_TEXT:
		ro_text(out, rc, s);
		break;
	case PCB_RC_TSV:
		ro_tsv(out, rc);
		break;
	case PCB_RC_JSON:
		rc_ = ro_json(out, rc, s);
		break;
	case PCB_RC_OPENMETRICS:
		rc_ = ro_openmetrics(out, rc);
		break;
	}
	if (fflush(out) != 0 || ferror(out))
		rc_ = -1;
	return rc_;
}
