/*
 * pcb_version.h: push_callback --version, what this build is made of.
 */
#ifndef PCB_VERSION_H
#define PCB_VERSION_H

#include <stdio.h>

/* Writes on [out] the version with json-c's, the malloc that serves this
 * process, and whether it can confine itself (push_callback(8), --version). */
void pcb_version_print(FILE *out);

#endif
