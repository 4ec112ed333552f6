/*
 * pcb_signals.h: the receiver's signals and the read deadline of a request.
 *
 * SIGTERM and SIGUSR1 (mod_fcgid, spawn-fcgi, multiwatch), and SIGINT (Ctrl-C
 * in a terminal), ask the process to stop after the request in flight;
 * SIGHUP asks it to reopen the logs. SIGPIPE is ignored so that a client that
 * went away costs its own request only; SIGXFSZ is ignored so that a log at
 * the file size limit (RLIMIT_FSIZE) is a write that fails with EFBIG,
 * answered 503 like a full disk, not a worker killed in the middle of a
 * write. No SA_RESTART: a wait must return so that its caller sees the flag.
 *
 * The read deadline (PUSHCB_READ_TIMEOUT) is a timer (SIGALRM): when it
 * expires, the read under way fails with EINTR and pcb_read_deadline_passed
 * says so; after that it fires again every PCB_READ_TIMEOUT_REPEAT_MS until
 * pcb_read_deadline_end, so no later read or wait of the same request can
 * outlast it either (one signal that came between two reads is not enough).
 */
#ifndef PCB_SIGNALS_H
#define PCB_SIGNALS_H

#include <signal.h>

/* SIGPIPE and SIGXFSZ ignored (both modes, CGI too). Returns 0, or -1 with errno. */
int pcb_signals_ignore_writes(void);

/*
 * Installs every handler: the stop signals, SIGHUP, SIGALRM, and the ignored
 * two. [on_stop], when not NULL, is called from the stop signals' handler
 * (it must be async-signal-safe). Then blocks the stop signals and SIGHUP,
 * and sets [waiting] to the mask to wait under (ppoll): the mask as it was,
 * with them let in. Returns 0, or -1 with errno.
 */
int pcb_signals_install(void (*on_stop)(void), sigset_t *waiting);

/* Has a stop signal come? */
int pcb_signals_stop_requested(void);

/* Has SIGHUP come since the last call? Clears it. */
int pcb_signals_take_reopen(void);

/* Starts the read deadline of a request: [seconds] from now. */
void pcb_read_deadline_start(unsigned seconds);

/* Has it passed (since the last start)? */
int pcb_read_deadline_passed(void);

/* Ends it, if it is set: the request has arrived, or is refused or dropped. */
void pcb_read_deadline_end(void);

#endif
