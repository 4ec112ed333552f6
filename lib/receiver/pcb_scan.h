/*
 * pcb_scan.h: a strict RFC 8259 syntax check of a body, before json-c sees it.
 *
 * json-c 0.16 accepts, even in strict mode, things that are not JSON or that
 * it then changes without a word (PROTOCOL.md): NaN and Infinity, raw control
 * bytes in strings, single-quoted keys, lone surrogates (silently turned into
 * U+FFFD), invalid UTF-8 unless asked. This pass refuses all of them, limits
 * the depth and the number of values (json-c allocates for each), refuses
 * bytes after the value, and counts the keys of every
 * object in document order so that duplicate keys (which json-c merges,
 * keeping the last) can be found after the parse (pcb_batch).
 *
 * It allocates nothing but the key-count array, which is kept across calls.
 */
#ifndef PCB_SCAN_H
#define PCB_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "pcb_error.h"
#include "pcb_limits.h"

struct pcb_scan {
	uint32_t *keys; /* keys[i]: member count of the i-th object, pre-order */
	size_t nobjects;
	size_t cap;
	size_t escaped;    /* escape sequences, DEL bytes and raw U+0085, U+2028 and
	                      U+2029 in strings; 0 means every
	                      string json-c makes is the body's own bytes, valid UTF-8
	                      without a byte the log format escapes (pcb_logformat) */
	size_t err_offset; /* byte offset of the first error */
	/*
	 * The elements of the top-level "Events" array (when its key is spelt
	 * without escapes): their byte ranges in the body, so that a refused
	 * event is kept as the sender wrote it, not as json-c reprints it
	 * (json-c clamps overflowing integers, for one).
	 */
	int events_found;
	size_t nevents; /* all elements; only the first PCB_MAX_EVENTS have ranges */
	struct {
		size_t start, end;
	} events[PCB_MAX_EVENTS];
};

void pcb_scan_init(struct pcb_scan *s);
/* Releases the memory; [s] may be NULL. */
void pcb_scan_free(struct pcb_scan *s);

/*
 * Checks [len] bytes at [p]. Returns PCB_OK or the PCB_ERR_JSON_* that names
 * the first problem (its offset in s->err_offset); PCB_ERR_NO_MEMORY if the
 * key-count array cannot grow.
 */
enum pcb_err pcb_scan_json(struct pcb_scan *s, const char *p, size_t len);

/*
 * The byte range in the body last scanned of element [i] of its top-level
 * "Events" array, into [*start] and [*end]. Returns 0, or -1 when the scan
 * did not note it: no such array (or its key spelt with escapes), [i] past
 * the last element, or past the first PCB_MAX_EVENTS, whatever the caller
 * checked of the batch's size.
 */
int pcb_scan_event(const struct pcb_scan *s, size_t i, size_t *start, size_t *end);

#endif
