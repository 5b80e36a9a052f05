package io.scem.jobs.notify;

/** Runs a task after a delay. Tests give {@link ReliableSender} one on a virtual clock, so backoff and pacing take no real time. */
interface Scheduler {
    void schedule(Runnable task, long delayNanos);
}
