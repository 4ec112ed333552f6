/* pcb_io.h: whole reads and writes on a file descriptor, and making a directory's entries durable. */
#ifndef PCB_IO_H
#define PCB_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* An iovec over bytes that writev(2) only reads (its iov_base is not const). */
static inline struct iovec pcb_iov(const void *p, size_t len)
{
	return (struct iovec){ (void *)(uintptr_t)p, len };
}

/*
 * Writes all [len] bytes of [buf] to [fd], going on after short writes and
 * EINTR. Returns 0, or -1 with errno set (ENOSPC when write(2) returned 0);
 * on -1 some of the bytes may have been written.
 */
int pcb_write_all(int fd, const void *buf, size_t len);

/*
 * The same for the [n] buffers of [iov], in order, in one writev(2) when the
 * kernel takes them whole. [iov] is used up (changed) by the call.
 */
int pcb_writev_all(int fd, struct iovec *iov, int n);

/*
 * Reads from [fd] into [buf] until [n] bytes or the end of input, going on
 * after short reads and EINTR. Returns the bytes read; [*failed] is 1 when a
 * read failed (errno set), else 0.
 */
size_t pcb_read_full(int fd, void *buf, size_t n, int *failed);

/*
 * fsync(2)s the directory [dir], so that the names made or removed in it
 * survive a crash. Returns 0, or -1 with errno.
 */
int pcb_fsync_dir(const char *dir);

#endif
