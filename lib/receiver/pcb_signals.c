/*
 * pcb_signals.c: the receiver's signal handlers and the read deadline
 * (pcb_signals.h).
 */
#include <config.h>

#include <string.h>
#include <sys/time.h>

#include "pcb_limits.h"
#include "pcb_signals.h"

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reopen_requested;
/* Did the read deadline pass (SIGALRM) since it was started? */
static volatile sig_atomic_t deadline_passed;
/* Is the timer set? Saves a setitimer(2) a request once the body is read. */
static int deadline_set;
static void (*stop_hook)(void);

static void on_stop(int signo)
{
	(void)signo;
	stop_requested = 1;
	if (stop_hook != NULL)
		stop_hook();
}

static void on_hup(int signo)
{
	(void)signo;
	reopen_requested = 1;
}

/* Interrupts a read that waited past the deadline, and says so. */
static void on_alarm(int signo)
{
	(void)signo;
	deadline_passed = 1;
}

int pcb_signals_ignore_writes(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	return sigaction(SIGPIPE, &sa, NULL) < 0 || sigaction(SIGXFSZ, &sa, NULL) < 0 ? -1 : 0;
}

int pcb_signals_install(void (*on_stop_fn)(void), sigset_t *waiting)
{
	/* The signals blocked but while waiting. */
	static const int handled[] = { SIGTERM, SIGUSR1, SIGINT, SIGHUP };
	struct sigaction sa;
	sigset_t set;

	if (pcb_signals_ignore_writes() < 0)
		return -1;
	stop_hook = on_stop_fn;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++) {
		sa.sa_handler = handled[i] == SIGHUP ? on_hup : on_stop;
		if (sigaction(handled[i], &sa, NULL) < 0)
			return -1;
		sigaddset(&set, handled[i]);
	}
	sa.sa_handler = on_alarm;
	if (sigaction(SIGALRM, &sa, NULL) < 0 || sigprocmask(SIG_BLOCK, &set, waiting) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		sigdelset(waiting, handled[i]);
	return 0;
}

int pcb_signals_stop_requested(void)
{
	return stop_requested;
}

int pcb_signals_take_reopen(void)
{
	if (!reopen_requested)
		return 0;
	reopen_requested = 0;
	return 1;
}

void pcb_read_deadline_start(unsigned seconds)
{
	struct itimerval t = { { 0, PCB_READ_TIMEOUT_REPEAT_MS * 1000L }, { (time_t)seconds, 0 } };

	deadline_passed = 0;
	setitimer(ITIMER_REAL, &t, NULL);
	deadline_set = 1;
}

int pcb_read_deadline_passed(void)
{
	return deadline_passed;
}

void pcb_read_deadline_end(void)
{
	static const struct itimerval off;

	if (deadline_set)
		setitimer(ITIMER_REAL, &off, NULL);
	deadline_set = 0;
}
