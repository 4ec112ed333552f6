/*
 * pcb_diag.h: the one way push_callback reports a problem: a line on stderr,
 * which the web server files in its error log.
 */
#ifndef PCB_DIAG_H
#define PCB_DIAG_H

/* Writes "push_callback[PID]: MESSAGE\n" to stderr in one write. */
void pcb_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Sets the program name used as the prefix (default "push_callback"). */
void pcb_diag_set_name(const char *name);

#endif
