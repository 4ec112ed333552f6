/*
 * pcb_confine.h: what each of push_callback's modes may still do once it
 * has read its configuration and opened what it needs, and the call that
 * confines it there (pcb_sandbox.h is the mechanism).
 *
 * - A worker (FastCGI, --listen, CGI): after the configuration and the token
 *   are read, the listener is opened or inherited and the counter file is
 *   mapped. Files: beneath the log directory, the fallback directory
 *   (PUSHCB_FALLBACK_DIR) and the state directory (PUSHCB_STATE_DIR: the
 *   counter file, made anew when truncated), when set, only (the logs and their
 *   temporary files: read, append, create, link, rename, remove; never
 *   truncate); the request path reads no other file (the time zone is not
 *   read: RecvTime is UTC; json-c and mimalloc take their randomness from
 *   getrandom). Calls: the base, the log writer's, and the FastCGI loop's on
 *   the descriptors it holds: accept, poll, read, write, setsockopt,
 *   shutdown. No socket, connect, bind, execve, fork, ptrace, mount or
 *   setuid.
 * - --housekeep: files beneath the log and fallback directories (it
 *   compresses and removes there), the same calls as the writer without the FastCGI ones.
 * - --metrics: reads the counter file (PUSHCB_STATE_DIR's, or the log
 *   directory's); writes stdout.
 * - --check-config: looks at the log directory (stat, access); writes stdout.
 */
#ifndef PCB_CONFINE_H
#define PCB_CONFINE_H

#include "pcb_config.h"

enum pcb_confine_mode {
	PCB_CONFINE_WORKER,
	PCB_CONFINE_HOUSEKEEP,
	PCB_CONFINE_METRICS,
	PCB_CONFINE_CHECK,
};

/*
 * Confines the process to what [mode] needs with configuration [cfg],
 * unless [cli_off] (--no-sandbox) or PUSHCB_SANDBOX=off (said on stderr).
 * Returns 0, or -1 after a message: the process must then stop.
 */
int pcb_confine(const struct pcb_config *cfg, enum pcb_confine_mode mode, int cli_off);

#endif
