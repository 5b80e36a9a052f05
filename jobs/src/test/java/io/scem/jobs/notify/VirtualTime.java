package io.scem.jobs.notify;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A clock and scheduler that move only when a test says so: backoff and pacing cost no real time. */
final class VirtualTime implements Scheduler {
    private record Task(long at, long seq, Runnable run) {}

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
    private long now;
    private long seq;

    @Override
    public synchronized void schedule(Runnable task, long delayNanos) {
        tasks.add(new Task(now + delayNanos, seq++, task));
    }

    synchronized long nanoTime() {
        return now;
    }

    /** Runs, in time order, everything due within {@code step}, then stands at its end. */
    void advance(Duration step) {
        long end;
        synchronized (this) {
            end = now + step.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.at() > end) break;
                tasks.poll();
                now = next.at();
            }
            next.run().run();
        }
        synchronized (this) {
            now = end;
        }
    }

    synchronized Duration elapsed() {
        return Duration.ofNanos(now);
    }
}
