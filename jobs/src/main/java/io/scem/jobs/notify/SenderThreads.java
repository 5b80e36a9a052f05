package io.scem.jobs.notify;

import io.scem.core.notify.OutgoingMessage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one {@link ReliableSender}: a fixed pool of {@code maxInFlight} workers, which
 * is what bounds the gateway requests in flight, and one timer thread that only waits (pacing,
 * backoff, probes) and hands the work to the pool. All daemons: they never keep a JVM alive.
 */
final class SenderThreads {
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;

    SenderThreads(OutgoingMessage.Channel channel, int maxInFlight) {
        String name = "scem-notify-" + channel.name().toLowerCase();
        workers = new ThreadPoolExecutor(maxInFlight, maxInFlight, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemons(name));
        workers.allowCoreThreadTimeOut(true);
        timer = new ScheduledThreadPoolExecutor(1, daemons(name + "-timer"));
        timer.setRemoveOnCancelPolicy(true);
    }

    Executor workers() {
        return workers;
    }

    void schedule(Runnable task, long delayNanos) {
        timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    void stop() {
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            // A request stuck on a gateway ends within its own timeouts; close() does not wait that long.
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
