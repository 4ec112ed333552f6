/* test-scan: the strict syntax pass refuses what json-c 0.16 would let through, precisely. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "pcb_limits.h"
#include "pcb_scan.h"
#include "tap.h"

static struct pcb_scan s;

struct scase {
	const char *json;
	size_t len; /* 0: strlen */
	enum pcb_err want;
	const char *name;
};

static const struct scase cases[] = {
	{ "{\"Events\":[{\"a\":1}]}", 0, PCB_OK, "a plain batch" },
	{ " \t\r\n{}\n ", 0, PCB_OK, "white space around" },
	{ "[1,-0,0.5,1e10,-1E-2,true,false,null,\"x\"]", 0, PCB_OK, "every scalar" },
	{ "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"", 0, PCB_OK, "every escape" },
	{ "\"\\ud83d\\ude00\"", 0, PCB_OK, "a surrogate pair" },
	{ "\"a\\u0000b\"", 0, PCB_OK, "\\u0000 in a value is syntax (fields refuse it later)" },
	{ "\"\xe4\xb8\xad\"", 0, PCB_OK, "UTF-8 in a string" },
	{ "", 0, PCB_ERR_JSON_EMPTY, "empty body" },
	{ "  \n", 0, PCB_ERR_JSON_EMPTY, "only white space" },
	{ "{\"a\":NaN}", 0, PCB_ERR_JSON_NUMBER, "NaN" },
	{ "{\"a\":Infinity}", 0, PCB_ERR_JSON_NUMBER, "Infinity" },
	{ "{\"a\":-Infinity}", 0, PCB_ERR_JSON_NUMBER, "-Infinity" },
	{ "{\"a\":01}", 0, PCB_ERR_JSON_NUMBER, "leading zero" },
	{ "{\"a\":1.}", 0, PCB_ERR_JSON_NUMBER, "1." },
	{ "{\"a\":.5}", 0, PCB_ERR_JSON_NUMBER, ".5" },
	{ "{\"a\":+1}", 0, PCB_ERR_JSON_NUMBER, "+1" },
	{ "{\"a\":1e}", 0, PCB_ERR_JSON_NUMBER, "1e" },
	{ "{\"a\":0x1}", 0, PCB_ERR_JSON_NUMBER, "hex" },
	{ "{\"a\":\"x\ty\"}", 0, PCB_ERR_JSON_CONTROL, "raw TAB in a string" },
	{ "{\"a\":\"x\ny\"}", 0, PCB_ERR_JSON_CONTROL, "raw newline in a string" },
	{ "{\"a\":\"x\x01y\"}", 0, PCB_ERR_JSON_CONTROL, "raw 0x01 in a string" },
	{ "{\"a\":\"x\0y\"}", 11, PCB_ERR_JSON_CONTROL, "raw NUL in a string" },
	{ "{'a':1}", 0, PCB_ERR_JSON_SYNTAX, "single-quoted key" },
	{ "{\"a\":'x'}", 0, PCB_ERR_JSON_SYNTAX, "single-quoted value" },
	{ "{a:1}", 0, PCB_ERR_JSON_SYNTAX, "bare key" },
	{ "{\"a\":\"\\ud800\"}", 0, PCB_ERR_JSON_SURROGATE, "lone high surrogate" },
	{ "{\"a\":\"\\udc00\"}", 0, PCB_ERR_JSON_SURROGATE, "lone low surrogate" },
	{ "{\"a\":\"\\ud800\\u0041\"}", 0, PCB_ERR_JSON_SURROGATE, "high surrogate then a letter" },
	{ "{\"a\":\"\\ud800x\"}", 0, PCB_ERR_JSON_SURROGATE, "high surrogate at the end" },
	{ "{\"a\\u0000\":1}", 0, PCB_ERR_JSON_KEY_NUL, "\\u0000 in a key" },
	{ "{\"a\":\"\\x41\"}", 0, PCB_ERR_JSON_ESCAPE, "\\x is not JSON" },
	{ "{\"a\":\"\\u12\"}", 0, PCB_ERR_JSON_ESCAPE, "short \\u" },
	{ "{\"a\":\"\\\xc3\xa9\"}", 0, PCB_ERR_JSON_ESCAPE, "backslash before UTF-8" },
	{ "{\"a\":\"\xff\"}", 0, PCB_ERR_JSON_UTF8, "invalid UTF-8" },
	{ "{\"a\":\"\xc0\xaf\"}", 0, PCB_ERR_JSON_UTF8, "overlong UTF-8" },
	{ "{\"a\":\"\xed\xa0\x80\"}", 0, PCB_ERR_JSON_UTF8, "encoded surrogate" },
	{ "\xef\xbb\xbf{}", 0, PCB_ERR_JSON_SYNTAX, "byte order mark" },
	{ "{}x", 0, PCB_ERR_JSON_TRAILING, "trailing garbage" },
	{ "{}{}", 0, PCB_ERR_JSON_TRAILING, "two values" },
	{ "{} \0", 4, PCB_ERR_JSON_TRAILING, "a NUL after the value" },
	{ "{\"a\":1,}", 0, PCB_ERR_JSON_SYNTAX, "trailing comma in object" },
	{ "[1,]", 0, PCB_ERR_JSON_SYNTAX, "trailing comma in array" },
	{ "{\"a\" 1}", 0, PCB_ERR_JSON_SYNTAX, "missing colon" },
	{ "{\"a\":1", 0, PCB_ERR_JSON_SYNTAX, "unterminated object" },
	{ "[\"abc", 0, PCB_ERR_JSON_SYNTAX, "unterminated string" },
	{ "tru", 0, PCB_ERR_JSON_SYNTAX, "truncated literal" },
	{ "True", 0, PCB_ERR_JSON_SYNTAX, "capitalised literal" },
	{ "/* c */{}", 0, PCB_ERR_JSON_SYNTAX, "comment" },
};

int main(void)
{
	pcb_scan_init(&s);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct scase *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->json);
		tap_is_int(pcb_scan_json(&s, c->json, len), c->want, c->name);
	}

	/* Depth: PCB_JSON_MAX_DEPTH containers are fine, one more is not. */
	char deep[2 * PCB_JSON_MAX_DEPTH + 3];
	size_t n = 0;
	for (int i = 0; i < PCB_JSON_MAX_DEPTH; i++)
		deep[n++] = '[';
	for (int i = 0; i < PCB_JSON_MAX_DEPTH; i++)
		deep[n++] = ']';
	tap_is_int(pcb_scan_json(&s, deep, n), PCB_OK, "nesting at the limit");
	n = 0;
	for (int i = 0; i <= PCB_JSON_MAX_DEPTH; i++)
		deep[n++] = '[';
	for (int i = 0; i <= PCB_JSON_MAX_DEPTH; i++)
		deep[n++] = ']';
	tap_is_int(pcb_scan_json(&s, deep, n), PCB_ERR_JSON_DEPTH, "nesting one past the limit");

	/* Values: PCB_MAX_JSON_VALUES in all (the array itself is one) pass, one more does not. */
	static char many[4 * PCB_MAX_JSON_VALUES + 8];
	for (int extra = 0; extra <= 1; extra++) {
		size_t m = 0;
		many[m++] = '[';
		for (int i = 0; i < PCB_MAX_JSON_VALUES - 1 + extra; i++) {
			if (i > 0)
				many[m++] = ',';
			many[m++] = '1';
		}
		many[m++] = ']';
		tap_is_int(pcb_scan_json(&s, many, m), extra ? PCB_ERR_JSON_VALUES : PCB_OK,
			   extra ? "one value over PCB_MAX_JSON_VALUES"
				 : "exactly PCB_MAX_JSON_VALUES values");
	}

	/* Key counts, pre-order. */
	const char *doc = "{\"a\":{\"x\":1,\"y\":[{},{\"z\":2}]},\"b\":3}";
	tap_is_int(pcb_scan_json(&s, doc, strlen(doc)), PCB_OK, "nested objects");
	tap_is_int((long long)s.nobjects, 4, "four objects counted");
	tap_ok(s.nobjects == 4 && s.keys[0] == 2 && s.keys[1] == 2 && s.keys[2] == 0 && s.keys[3] == 1,
	       "key counts in document order: 2, 2, 0, 1");
	/* escaped: 0 only when json-c's strings may go to the log as they are. */
	static const struct {
		const char *json;
		size_t escaped;
		const char *name;
	} esc[] = {
		{ "{\"a\":\"x\xe4\xb8\xady\"}", 0, "UTF-8 that the log keeps: escaped 0" },
		{ "{\"a\":\"x\\ty\"}", 1, "an escape sequence: escaped 1" },
		{ "{\"a\":\"x\x7fy\"}", 1, "a raw DEL: escaped 1" },
		{ "{\"a\":\"x\xe2\x80\xa8y\"}", 1, "a raw U+2028: escaped 1" },
		{ "{\"a\":\"x\xe2\x80\xa9y\"}", 1, "a raw U+2029: escaped 1" },
		{ "{\"a\":\"x\xc2\x85y\"}", 1, "a raw U+0085: escaped 1" },
		{ "{\"a\xe2\x80\xa8\":\"\xe2\x80\xa9\"}", 2,
		  "raw line breaks in a key and a value: escaped 2" },
	};
	for (size_t i = 0; i < sizeof(esc) / sizeof(esc[0]); i++) {
		enum pcb_err err = pcb_scan_json(&s, esc[i].json, strlen(esc[i].json));
		tap_ok(err == PCB_OK && s.escaped == esc[i].escaped, "%s (got %zu)", esc[i].name, s.escaped);
	}

	/* The events' byte ranges: noted for the first PCB_MAX_EVENTS elements
	 * only, whatever size the batch is (the limit is checked elsewhere). */
	enum { OVER = PCB_MAX_EVENTS + 50 };
	static char batch[16 * OVER + 32];
	size_t blen = 0, start = 0, end = 0;
	blen += (size_t)snprintf(batch + blen, sizeof(batch) - blen, "{\"Events\":[");
	for (int i = 0; i < OVER; i++)
		blen += (size_t)snprintf(batch + blen, sizeof(batch) - blen, "%s{\"a\":%d}", i ? "," : "", i);
	blen += (size_t)snprintf(batch + blen, sizeof(batch) - blen, "]}");
	tap_is_int(pcb_scan_json(&s, batch, blen), PCB_OK, "a batch of PCB_MAX_EVENTS + 50 events scans");
	tap_is_int((long long)s.nevents, OVER, "and all its events are counted");
	tap_ok(pcb_scan_event(&s, 0, &start, &end) == 0 && end - start == 7 &&
		   memcmp(batch + start, "{\"a\":0}", 7) == 0,
	       "the first event's bytes are noted");
	char want[16];
	snprintf(want, sizeof(want), "{\"a\":%d}", PCB_MAX_EVENTS - 1);
	tap_ok(pcb_scan_event(&s, PCB_MAX_EVENTS - 1, &start, &end) == 0 && end - start == strlen(want) &&
		   memcmp(batch + start, want, strlen(want)) == 0,
	       "the PCB_MAX_EVENTS-th event's bytes are noted");
	tap_is_int(pcb_scan_event(&s, PCB_MAX_EVENTS, &start, &end), -1,
		   "the event after PCB_MAX_EVENTS has no range (the array is not overrun)");
	tap_is_int(pcb_scan_event(&s, OVER - 1, &start, &end), -1, "nor has the last one");
	tap_is_int(pcb_scan_event(&s, OVER, &start, &end), -1, "nor an index past the last");
	const char *few = "{\"Events\":[{\"a\":1}]}";
	pcb_scan_json(&s, few, strlen(few));
	tap_is_int(pcb_scan_event(&s, 1, &start, &end), -1,
		   "an index past a short batch's last event has none");
	const char *other = "{\"Evts\":[{\"a\":1}]}";
	pcb_scan_json(&s, other, strlen(other));
	tap_is_int(pcb_scan_event(&s, 0, &start, &end), -1, "a body without \"Events\" has none");

	const char *late = "{\"a\":[1,2,x]}";
	pcb_scan_json(&s, late, strlen(late));
	tap_is_int((long long)s.err_offset, 10, "the error offset points at the bad byte");
	pcb_scan_free(&s);
	pcb_scan_free(NULL);
	return tap_done();
}
