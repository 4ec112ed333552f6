/*
 * pcb_report_confine.h: pushcb-report confines itself once it has listed its
 * files (pcb_sandbox.h is the mechanism): it may then read those files (and
 * their directories' other files, which the caller names too) and
 * the tz database, write its standard output and error, and nothing else (no
 * file made or changed, no socket, no execve). PUSHCB_SANDBOX=off turns it
 * off, said on stderr.
 */
#ifndef PCB_REPORT_CONFINE_H
#define PCB_REPORT_CONFINE_H

#include <stddef.h>

/* Confines the report to reading the [n] files of [paths]. Returns 0, or -1 after a message. */
int pcb_report_confine(char *const *paths, size_t n);

#endif
