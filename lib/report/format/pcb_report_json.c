/* pcb_report_json.c: the report as one JSON object (pcb_report_table.h). */
#include <config.h>

#include "pcb_report_table.h"

#include <stdlib.h>
#include <string.h>

#include "pcb_logformat.h"
#include "pcb_utf8.h"

/* Writes [len] bytes at [s] as a JSON string; bytes that are not UTF-8 become U+FFFD. */
static void ro_json_bytes(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	for (size_t i = 0; i < len;) {
		size_t n = p[i] < 0x80 ? 1 : pcb_utf8_seq_len(p + i, len - i);

		if (n == 0) {
			fputs("\\ufffd", out);
			i++;
		} else if (n > 1) {
			fwrite(p + i, 1, n, out);
			i += n;
		} else {
			unsigned char c = p[i++];

			if (c == '"' || c == '\\')
				fprintf(out, "\\%c", c);
			else if (c == '\n')
				fputs("\\n", out);
			else if (c == '\t')
				fputs("\\t", out);
			else if (c == '\r')
				fputs("\\r", out);
			else if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

/* Writes cell [c] as a JSON value. Returns 0, or -1 on ENOMEM. */
static int ro_json_cell(FILE *out, const struct ro_cell *c)
{
	char *raw;
	long n;
	int rc = 0;

	switch (c->kind) {
	case RO_TEXT:
		ro_json_bytes(out, c->s, c->len);
		break;
	case RO_LOG:
		rc = -1;
		raw = malloc(c->len + 1);
		if (raw == NULL)
			break;
		n = pcb_log_unescape(c->s, c->len, raw);
		/* The report only keeps fields that unescape; the raw text is the fallback. */
		if (n < 0)
			ro_json_bytes(out, c->s, c->len);
		else
			ro_json_bytes(out, raw, (size_t)n);
		free(raw);
		rc = 0;
		break;
	case RO_NUM:
		fwrite(c->s, 1, c->len, out);
		break;
	case RO_RATE:
		fprintf(out, "%.4f", c->rate);
		break;
	case RO_NULL:
		fputs("null", out);
		break;
	}
	return rc;
}

/* Writes the rows of [t] as a JSON array of objects, one key per column; a key-value table as one object. */
static int ro_write_json_table(FILE *out, const struct ro_table *t)
{
	int rc = 0;

	if (t->key_value) {
		fprintf(out, "  \"%s\": {", t->name);
		for (size_t i = 0; i < t->nrows && rc == 0; i++) {
			fprintf(out, "%s\n    \"%.*s\": ", i > 0 ? "," : "", (int)t->cells[2 * i].len,
				t->cells[2 * i].s);
			rc = ro_json_cell(out, &t->cells[2 * i + 1]);
		}
		fputs("\n  }", out);
		return rc;
	}
	fprintf(out, "  \"%s\": [", t->name);
	for (size_t i = 0; i < t->nrows && rc == 0; i++) {
		fputs(i > 0 ? ",\n    {" : "\n    {", out);
		for (size_t j = 0; j < t->ncols && rc == 0; j++) {
			fprintf(out, "%s\"%s\": ", j > 0 ? ", " : "", t->cols[j].name);
			rc = ro_json_cell(out, &t->cells[i * t->ncols + j]);
		}
		fputc('}', out);
	}
	fputs(t->nrows > 0 ? "\n  ]" : "]", out);
	return rc;
}

/* The period of the report as text: "from X", "to Y", both, or "all". */
static void ro_period_json(FILE *out, const struct pcb_report_opts *o)
{
	char buf[PCB_CALTIME_BYTES];

	fputs("  \"from\": ", out);
	if (o->has_from) {
		pcb_caltime_format(o->from, buf);
		fprintf(out, "\"%s\"", buf);
	} else {
		fputs("null", out);
	}
	fputs(",\n  \"to\": ", out);
	if (o->has_to) {
		pcb_caltime_format(o->to, buf);
		fprintf(out, "\"%s\"", buf);
	} else {
		fputs("null", out);
	}
	fputs(",\n", out);
}

int pcb_rt_write_json(FILE *out, const struct pcb_report_opts *o, const struct ro_table t[RO_NTABLES])
{
	int rc = 0;

	fprintf(out, "{\n  \"by\": \"%s\",\n", pcb_report_by_name(o->by));
	ro_period_json(out, o);
	fputs("  \"tz\": ", out);
	ro_json_bytes(out, pcb_rt_tz_name(o), strlen(pcb_rt_tz_name(o)));
	fputs(",\n  \"commands\": [", out);
	pcb_rt_commands(out, o, "\"");
	fprintf(out, "],\n  \"dedup_window\": %zu", o->dedup_window);
	if (o->latency)
		fprintf(out, ",\n  \"match_window\": %zu", o->match_window);
	for (size_t i = 0; i < RO_NTABLES && rc == 0; i++) {
		if (t[i].name == NULL)
			continue;
		fputs(",\n", out);
		rc = ro_write_json_table(out, &t[i]);
	}
	fputs("\n}\n", out);
	return rc;
}
