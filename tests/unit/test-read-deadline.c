/*
 * test-read-deadline: the signals of the receiver (pcb_signals). A read
 * still waiting when the deadline passes fails with EINTR and the deadline
 * says it passed; once passed it fires again, so a later wait is cut short
 * too; ended, it fires no more; started again, it has not passed. SIGHUP
 * asks for a reopen once; a stop signal sets the flag and calls the hook;
 * the stop signals and SIGHUP are blocked but in the mask to wait under.
 */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pcb_limits.h"
#include "pcb_signals.h"
#include "tap.h"

static volatile sig_atomic_t hook_called;

static void hook(void)
{
	hook_called = 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	sigset_t waiting, blocked;
	int p[2];
	char byte;

	tap_plan(14);
	tap_is_int(pcb_signals_install(hook, &waiting), 0, "handlers installed");
	sigprocmask(SIG_SETMASK, NULL, &blocked);
	tap_ok(sigismember(&blocked, SIGTERM) && sigismember(&blocked, SIGUSR1) &&
		   sigismember(&blocked, SIGINT) && sigismember(&blocked, SIGHUP) &&
		   !sigismember(&blocked, SIGALRM),
	       "the stop signals and SIGHUP are blocked, SIGALRM is not");
	tap_ok(!sigismember(&waiting, SIGTERM) && !sigismember(&waiting, SIGHUP), "and let in while waiting");

	tap_ok(pipe(p) == 0, "a pipe nobody writes to");
	double t0 = now_s();
	pcb_read_deadline_start(1);
	tap_is_int(pcb_read_deadline_passed(), 0, "started: not passed");
	tap_ok(read(p[0], &byte, 1) < 0 && errno == EINTR,
	       "a read waiting past the deadline fails with EINTR");
	double t1 = now_s();
	tap_ok(t1 - t0 >= 0.9 && t1 - t0 < 5, "after about the deadline (%.2f s)", t1 - t0);
	tap_is_int(pcb_read_deadline_passed(), 1, "which has passed");
	tap_ok(read(p[0], &byte, 1) < 0 && errno == EINTR && now_s() - t1 < 1,
	       "a later read is cut short too, within %d ms", PCB_READ_TIMEOUT_REPEAT_MS);
	pcb_read_deadline_end();
	struct pollfd pfd = { p[0], POLLIN, 0 };
	tap_is_int(poll(&pfd, 1, 3 * PCB_READ_TIMEOUT_REPEAT_MS), 0, "ended: a wait runs its course");
	pcb_read_deadline_start(5);
	tap_is_int(pcb_read_deadline_passed(), 0, "started again: not passed");
	pcb_read_deadline_end();

	/* Pending while blocked; delivered when let in, as ppoll does. */
	raise(SIGHUP);
	raise(SIGTERM);
	sigsuspend(&waiting);
	sigprocmask(SIG_SETMASK, &waiting, NULL);
	tap_ok(pcb_signals_take_reopen() == 1 && pcb_signals_take_reopen() == 0,
	       "SIGHUP: a reopen, asked once");
	tap_ok(pcb_signals_stop_requested() && hook_called, "SIGTERM: stop, and the hook is called");
	tap_ok(signal(SIGPIPE, SIG_DFL) == SIG_IGN, "SIGPIPE is ignored");
	return tap_done();
}
