/* pcb_io.c: see pcb_io.h. */
#include <config.h>

#include "pcb_io.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int pcb_writev_all(int fd, struct iovec *iov, int n)
{
	for (;;) {
		while (n > 0 && iov->iov_len == 0) {
			iov++;
			n--;
		}
		if (n == 0)
			return 0;
		ssize_t done = writev(fd, iov, n);
		if (done < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (done == 0) {
			errno = ENOSPC;
			return -1;
		}
		/* Skip what went out: whole buffers, then part of the next. */
		while (n > 0 && (size_t)done >= iov->iov_len) {
			done -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + done;
			iov->iov_len -= (size_t)done;
		}
	}
}

int pcb_write_all(int fd, const void *buf, size_t len)
{
	struct iovec iov = pcb_iov(buf, len);

	return pcb_writev_all(fd, &iov, 1);
}

size_t pcb_read_full(int fd, void *buf, size_t n, int *failed)
{
	char *p = buf;
	size_t got = 0;

	*failed = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*failed = 1;
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return got;
}

int pcb_fsync_dir(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc, saved;

	if (dfd < 0)
		return -1;
	rc = fsync(dfd);
	saved = errno;
	close(dfd);
	errno = saved;
	return rc;
}
