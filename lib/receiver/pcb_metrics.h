/*
 * pcb_metrics.h: the receiver's counters, shared by every worker of a host.
 *
 * They live in one small file in the log directory, PCB_METRICS_FILE, that
 * every worker maps MAP_SHARED and adds to with C11 atomic adds: whatever
 * starts the workers (spawn-fcgi, mod_fcgid, systemd, CGI), they count into
 * the same place, and the counts outlive any of them. The file is a header
 * (magic, layout version, the table sizes it was made for, when it was made)
 * and an array of 64-bit counters at fixed indices (enum pcb_metric). The
 * first process to open it makes it, under an exclusive flock(2) so that no
 * other sees it half made. A file of another layout (an upgrade changed
 * the magic, the version or the sizes) is replaced under the same lock:
 * a new file is made whole under a temporary name in the same directory and
 * renamed over it, so the counters start again from zero (a counter reset
 * to Prometheus); a process that opened the old file meanwhile sees, once
 * it holds the lock, that the path names another file and opens it again.
 *
 * A file shrunk under the mapping (truncate -s 0, an admin "resetting" the
 * counters) must never kill a request: the access past its end would be a
 * SIGBUS. A handler catches a SIGBUS inside a mapping made here and maps
 * anonymous memory over it, so the add completes (into memory no one
 * reads) and the request goes on; counting is then off in that process
 * until pcb_metrics_check opens the file again (made anew when empty,
 * replaced when of another size), said on stderr. A SIGBUS anywhere else
 * takes the action it had before. A file shrunk by less than that (no
 * fault: the adds would go on past its end, counted nowhere) is seen by
 * pcb_metrics_check within PCB_METRICS_SIZE_CHECK_SECONDS, and dealt with
 * the same way.
 *
 * push_callback --metrics maps it read-only and prints it in the Prometheus
 * text exposition format (pcb_metrics_write).
 */
#ifndef PCB_METRICS_H
#define PCB_METRICS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "pcb_buf.h"
#include "pcb_error.h"
#include "pcb_schema.h"

#define PCB_METRICS_FILE "push_callback.metrics"
/*
 * Its name in the log directory when no state directory is configured:
 * hidden, so that no glob over the log files (zcat -f DIR/'*') reads it.
 */
#define PCB_METRICS_HIDDEN_FILE ".push_callback.metrics"
#define PCB_METRICS_MAGIC "PCBMETR"
/*
 * Raised with any change to the layout below (an error or a command more is
 * one); pcb_metrics.c fails to compile until it is (its _Static_assert).
 */
#define PCB_METRICS_VERSION 2

/*
 * Why a batch was refused with a 5xx, as the refusal counters tell it: the
 * program's own failures, each a batch lost (Tencent does not resend a push
 * callback it was refused). PCB_REFUSAL_NONE: not one of them.
 */
enum pcb_refusal {
	PCB_REFUSAL_NO_MEMORY, /* PCB_ERR_NO_MEMORY */
	PCB_REFUSAL_LOG_WRITE, /* PCB_ERR_LOG_WRITE */
	PCB_REFUSAL_LOG_SYNC,  /* PCB_ERR_LOG_SYNC */
	PCB_REFUSAL_COUNT,
	PCB_REFUSAL_NONE = PCB_REFUSAL_COUNT
};

/* The refusal [err] is counted as, or PCB_REFUSAL_NONE. */
enum pcb_refusal pcb_refusal_of(enum pcb_err err);

/* The counters, each at a fixed index; "per command" ones take PCB_MAX_COMMANDS slots. */
enum pcb_metric {
	PCB_M_REQUESTS = 0,                                     /* answered, per enum pcb_err */
	PCB_M_DROPPED = PCB_M_REQUESTS + PCB_ERR_COUNT,         /* dropped unanswered (read timeout) */
	PCB_M_BATCHES = PCB_M_DROPPED + 1,                      /* batches answered 200, per command */
	PCB_M_EVENTS_LOGGED = PCB_M_BATCHES + PCB_MAX_COMMANDS, /* events in a batch answered 200 */
	PCB_M_EVENTS_REJECTED = PCB_M_EVENTS_LOGGED + PCB_MAX_COMMANDS,
	PCB_M_BYTES_EVENTS = PCB_M_EVENTS_REJECTED + PCB_MAX_COMMANDS, /* written to the event logs */
	PCB_M_BYTES_REJECTS = PCB_M_BYTES_EVENTS + PCB_MAX_COMMANDS,   /* written to the reject logs */
	PCB_M_LAST_SUCCESS = PCB_M_BYTES_REJECTS + PCB_MAX_COMMANDS,   /* Unix time of the last 200 batch */
	/* Events of parsed batches refused, per command and refusal: [cmd * PCB_REFUSAL_COUNT + refusal]. */
	PCB_M_EVENTS_REFUSED = PCB_M_LAST_SUCCESS + 1,
	/* Batches refused before their events could be counted, per refusal. */
	PCB_M_BATCHES_REFUSED_UNPARSED = PCB_M_EVENTS_REFUSED + PCB_MAX_COMMANDS * PCB_REFUSAL_COUNT,
	/* Batches written to PUSHCB_FALLBACK_DIR, per command. */
	PCB_M_FALLBACK_WRITES = PCB_M_BATCHES_REFUSED_UNPARSED + PCB_REFUSAL_COUNT,
	/* 1 while the last batch written found the log directory failing, else 0. */
	PCB_M_LOG_DIR_FAILING = PCB_M_FALLBACK_WRITES + PCB_MAX_COMMANDS,
	/* Members of logged events that are no field of ours, kept in the last column, per command. */
	PCB_M_UNKNOWN_FIELDS = PCB_M_LOG_DIR_FAILING + 1,
	PCB_M_COUNT = PCB_M_UNKNOWN_FIELDS + PCB_MAX_COMMANDS
};

struct pcb_metrics_region;

/* An open counter file; NULL region: not open (every add is then a no-op). */
struct pcb_metrics {
	struct pcb_metrics_region *region;
	/* The guard of the mapping (a slot of pcb_metrics.c), -1 without one. */
	int slot;
	/* The file mapped, to see its size; -1: none. */
	int fd;
	int64_t next_size_check;
	/* What pcb_metrics_check needs to open the file again. */
	char path[PATH_MAX];
	int create;
	enum {
		PCB_METRICS_ON,      /* counting, or never opened */
		PCB_METRICS_OFF,     /* the file shrank: counting off */
		PCB_METRICS_OFF_SAID /* and opening it again failed, said once */
	} off;
	int64_t next_check; /* while off: when to try opening it again */
};

/*
 * Maps the counter file [path]: with [create], read-write, making it (at
 * [now]) when it is absent or empty and replacing it when it is of another
 * layout; without, read-only. Returns 0; 1 when it replaced a file of
 * another layout, saying so in one line in [err] ([errlen] bytes); or -1
 * with a one-line reason in [err] and [m] left closed.
 */
int pcb_metrics_open(struct pcb_metrics *m, const char *path, int create, int64_t now, char *err,
		     size_t errlen);
/*
 * Moves the counter file [from] (where an older version kept it) to [to],
 * under [from]'s lock, so that no worker adds to it meanwhile: copied whole
 * into a hidden temporary file beside [to] (its directory may be on another
 * file system or mount), linked into place, never over a file already there,
 * then [from] removed. Returns 0 when there is no [from]; 1 when it was moved,
 * or removed because [to] already held the counters, saying which in one line
 * in [err] ([errlen] bytes); or -1 with a one-line reason in [err] and
 * [from] left where it was.
 */
int pcb_metrics_move(const char *from, const char *to, char *err, size_t errlen);

/* Unmaps; a closed [m] is a no-op. */
void pcb_metrics_close(struct pcb_metrics *m);

/*
 * Called at [now] before a request's counting: when the file shrank under
 * the mapping (an add faulted since the last call, and counting was off from
 * then; or its size, looked at once every PCB_METRICS_SIZE_CHECK_SECONDS, is
 * short), says so on stderr and opens the file again; while that fails, tries again at most
 * once every PCB_METRICS_RECHECK_SECONDS, the request counted nowhere.
 * Returns 1 when counting goes to the file, 0 when it is off. A [m] never
 * opened (or closed) stays closed: 0.
 */
int pcb_metrics_check(struct pcb_metrics *m, int64_t now);

/* Adds [n] to counter [i]; sets it to [v]; reads it. A closed [m] adds nothing and reads 0. */
void pcb_metrics_add(struct pcb_metrics *m, enum pcb_metric i, uint64_t n);
void pcb_metrics_set(struct pcb_metrics *m, enum pcb_metric i, uint64_t v);
uint64_t pcb_metrics_get(const struct pcb_metrics *m, enum pcb_metric i);

/* Unix time the file was made. */
int64_t pcb_metrics_created(const struct pcb_metrics *m);

/*
 * Appends every counter of [m] to [out] in the Prometheus text exposition
 * format (version 0.0.4): pushcb_requests_total{status,reason},
 * pushcb_requests_dropped_total, pushcb_batches_total{command},
 * pushcb_events_logged_total{command}, pushcb_events_rejected_total{command},
 * pushcb_log_bytes_written_total{command,log}, pushcb_last_success_timestamp_seconds,
 * pushcb_events_refused_total{command,reason},
 * pushcb_batches_refused_unparsed_total{reason}, pushcb_fallback_writes_total{command},
 * pushcb_log_dir_failing, pushcb_unknown_fields_total{command} and
 * pushcb_counters_created_timestamp_seconds. Every series is printed,
 * zero or not, so that a rate over it starts at its first increase.
 */
void pcb_metrics_write(const struct pcb_metrics *m, struct pcb_buf *out);

#endif
