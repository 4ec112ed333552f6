/* pcb_io.h: whole writes on a file descriptor. */
#ifndef PCB_IO_H
#define PCB_IO_H

#include <stddef.h>

/*
 * Writes all [len] bytes of [buf] to [fd], going on after short writes and
 * EINTR. Returns 0, or -1 with errno set (ENOSPC when write(2) returned 0);
 * on -1 some of the bytes may have been written.
 */
int pcb_write_all(int fd, const void *buf, size_t len);

#endif
