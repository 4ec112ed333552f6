/*
 * pcb_listen.h: where FastCGI connections come from, and each one taken in.
 *
 * Three listeners (push_callback(8), "Modes"): our own unix socket with a
 * mode, our own TCP socket (no host means 127.0.0.1, never every
 * interface), or the socket systemd passes on fd 3. The fourth, fd 0 from
 * spawn-fcgi or mod_fcgid, needs nothing here. Every function reports its
 * failure with pcb_diag, naming what was asked for.
 *
 * pcb_listen_accept takes one connection in with its receive timeout: no
 * read on it waits longer than the request's read timeout, whatever else
 * happens (push_callback.c hands the connection to libfcgi itself, so that
 * one FCGX_Accept_r reads one connection and no other).
 */
#ifndef PCB_LISTEN_H
#define PCB_LISTEN_H

#include <sys/types.h>

#include "pcb_limits.h"

/* --socket-mode's default: the web server's group may connect, no one else. */
#define PCB_LISTEN_DEFAULT_MODE 0660
/* systemd's first passed socket (sd_listen_fds(3)). */
#define PCB_SD_LISTEN_FDS_START 3

/*
 * Listens on the unix socket at [path], with permissions [mode]. A stale
 * socket there is replaced; any other file is not. The socket is created
 * with no access for others, then opened up to [mode]. Returns the
 * listening fd (close-on-exec), or -1 after a message.
 */
int pcb_listen_unix(const char *path, mode_t mode);

/*
 * Listens on [addr], "HOST:PORT" or "[V6]:PORT"; an empty HOST is
 * 127.0.0.1. Returns the listening fd (close-on-exec), or -1 after a message.
 */
int pcb_listen_tcp(const char *addr);

/*
 * Listens on [addr] as --listen takes it: "unix:PATH" (with [mode]) or
 * HOST:PORT. Returns the fd, or -1 after a message.
 */
int pcb_listen_addr(const char *addr, mode_t mode);

/*
 * systemd socket activation: when LISTEN_PID is this process and LISTEN_FDS
 * is 1 or more, the socket is fd 3 (a warning when there are more, which are
 * not used), and LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES are removed from
 * the environment (not for our children). Returns 3, or -1 when systemd
 * passed nothing to this process (the environment is then left alone).
 */
int pcb_listen_systemd(void);

/* Parses --socket-mode: an octal mode 0 to 0777. Returns it, or -1. */
long pcb_listen_parse_mode(const char *s);

/*
 * Makes the listening socket [fd] non-blocking, so that a connection another
 * worker took first is EAGAIN, not an accept that waits. Returns 0, or -1
 * after a message.
 */
int pcb_listen_nonblocking(int fd);

/*
 * Accepts a connection from [listen_fd] (which should be non-blocking) and
 * sets its receive timeout to [timeout] seconds (1 or more) and, on TCP,
 * TCP_NODELAY. An IPv4 client whose address is not in [allowed] (libfcgi's
 * FCGI_WEB_SERVER_ADDRS: addresses separated by commas; NULL or "": any) is
 * closed at once, as libfcgi does. Returns the connection (close-on-exec, blocking), or -1 with
 * errno: EAGAIN when there is none to take now (none waiting, another worker
 * took it, the client went away first, a signal), else the error of
 * accept(2) or setsockopt(2).
 */
int pcb_listen_accept(int listen_fd, unsigned timeout, const char *allowed);

/*
 * Ends connection [fd] whose answer has been written: shuts it for writing,
 * reads and drops what the client still sends until it closes its side or
 * [seconds] have passed, then closes it. The reading lets the client's TCP
 * take our end before a reset could make it drop the answer; libfcgi's own
 * close does the same without a bound, so a client that kept sending held
 * the worker for as long as it liked.
 */
void pcb_listen_close(int fd, unsigned seconds);

/*
 * Is [err], an errno of pcb_listen_accept, the end of the listening socket
 * itself (not a socket, not listening, closed)? Anything else (out of
 * descriptors or memory, a network error on the new connection) passes:
 * the worker pauses PCB_ACCEPT_PAUSE_SECONDS and accepts again, since a
 * worker that exits leaves nobody serving where no supervisor restarts it.
 */
int pcb_listen_accept_fatal(int err);

#endif
