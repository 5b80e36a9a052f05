package io.scem.jobs.notify;

import io.scem.core.notify.OutgoingMessage;
import io.scem.jobs.notify.DeliveryResult.Status;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the messages of one channel with the guarantees a notifier needs, around a {@link
 * ChannelSender} that only knows how to try once:
 *
 * <ul>
 *   <li><b>non-blocking</b>: {@link #send} returns at once; at most {@code maxInFlight} gateway
 *       requests run at a time, on threads this sender owns; waits (pacing, backoff) hold no thread;
 *   <li><b>retries</b> of what may go through later, with exponential backoff and full jitter;
 *   <li><b>pacing</b>: at most {@code ratePerMinute} messages per receiver, the excess delayed in order;
 *   <li><b>idempotency</b>: a dedupKey delivered before (see {@link #snapshot}) is not sent again;
 *   <li><b>no silent loss</b>: a message that used up its retries is kept (up to {@code
 *       undeliveredCapacity}) and the channel counts as failing; the {@link ChannelListener}
 *       hears it once. While failing, new messages are kept without trying (a circuit breaker),
 *       and the oldest kept one is tried every {@code probeInterval}. When the gateway next
 *       answers, the listener hears the channel recovered and the kept messages go out in order.
 * </ul>
 *
 * A gateway "answers" when it accepts a message or refuses that message itself (a bad number):
 * both show the channel works. Delivery is at least once: a crash between the gateway accepting
 * a message and the next checkpoint of {@link #snapshot()} sends it again after the restart.
 */
public final class ReliableSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReliableSender.class);

    private final ChannelSender sender;
    private final OutgoingMessage.Channel channel;
    private final DeliveryPolicy policy;
    private final ChannelListener listener;
    private final Executor workers;
    private final Scheduler timer;
    private final ReceiverRateLimit rateLimit;
    private final Backoff backoff;
    private final DoubleSupplier random;
    private final Runnable stopThreads;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    // Guarded by this. Few messages per second pass here: one lock keeps the transitions simple.
    private final LinkedHashSet<String> delivered = new LinkedHashSet<>();
    private final Map<String, Delivery> inFlight = new LinkedHashMap<>();
    private final LinkedHashMap<String, OutgoingMessage> undelivered = new LinkedHashMap<>();
    private boolean failing;
    private boolean probeScheduled;
    private boolean closed;

    /** One message (one gateway request) on its way: tried, waiting to retry, or waiting for its turn. */
    private static final class Delivery {
        final OutgoingMessage message;
        final CompletableFuture<DeliveryResult> result = new CompletableFuture<>();
        /** Taken from the undelivered queue: its caller has its answer, so only our state still holds it. */
        final boolean kept;
        int attempts;

        Delivery(OutgoingMessage message, boolean kept) {
            this.message = message;
            this.kept = kept;
        }
    }

    /**
     * A sender with its own threads ({@code maxInFlight} workers and one timer, all daemons).
     *
     * @param restored what {@link #snapshot()} returned before a restart, or {@link DeliveryState#EMPTY};
     *     kept messages in it are tried at once, and the listener hears {@code recovered} when they go
     *     through (it heard {@code failing} before the restart)
     */
    public ReliableSender(ChannelSender sender, DeliveryPolicy policy, ChannelListener listener, DeliveryState restored) {
        this(sender, policy, listener, restored, new SenderThreads(sender.channel(), policy.maxInFlight()));
    }

    private ReliableSender(ChannelSender sender, DeliveryPolicy policy, ChannelListener listener,
            DeliveryState restored, SenderThreads threads) {
        this(sender, policy, listener, restored, threads.workers(), threads::schedule, System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble(), threads::stop);
    }

    /** For tests: bring your own threads, clock and dice. */
    ReliableSender(ChannelSender sender, DeliveryPolicy policy, ChannelListener listener, DeliveryState restored,
            Executor workers, Scheduler timer, LongSupplier nanoClock, DoubleSupplier random, Runnable stopThreads) {
        this.sender = sender;
        this.channel = sender.channel();
        this.policy = policy;
        this.listener = listener;
        this.workers = workers;
        this.timer = timer;
        this.rateLimit = new ReceiverRateLimit(policy.ratePerMinute(), nanoClock);
        this.backoff = new Backoff(policy.backoffBase(), policy.backoffMax());
        this.random = random;
        this.stopThreads = stopThreads;
        synchronized (this) {
            restored.deliveredKeys().forEach(this::remember);
            restored.undelivered().forEach(m -> undelivered.put(m.dedupKey(), m));
            if (!undelivered.isEmpty()) {
                failing = true;
                scheduleProbe(0);
            }
        }
    }

    public OutgoingMessage.Channel channel() {
        return channel;
    }

    /**
     * Sends {@code message} (of this sender's channel) unless its dedupKey was delivered before.
     * Never blocks. The future completes when the message is sent, refused, kept as undelivered
     * or dropped; it fails only if the sender is closed first.
     */
    public CompletableFuture<DeliveryResult> send(OutgoingMessage message) {
        if (message.channel() != channel) {
            throw new IllegalArgumentException("a " + message.channel() + " message given to the " + channel + " sender");
        }
        List<OutgoingMessage> requests = sender.perRequest(message);
        if (requests.isEmpty()) {
            return CompletableFuture.completedFuture(
                    new DeliveryResult(Status.REJECTED, message.dedupKey(), null, 0, "no recipients"));
        }
        List<CompletableFuture<DeliveryResult>> parts = new ArrayList<>(requests.size());
        for (OutgoingMessage request : requests) parts.add(sendRequest(request));
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> DeliveryResult.combine(message.dedupKey(), parts.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<DeliveryResult> sendRequest(OutgoingMessage message) {
        String key = message.dedupKey();
        Delivery delivery;
        synchronized (this) {
            if (closed) return CompletableFuture.failedFuture(new IllegalStateException(channel + " sender is closed"));
            if (delivered.contains(key)) return done(Status.ALREADY_SENT, key, null);
            Delivery earlier = inFlight.get(key);
            if (earlier != null) {
                return earlier.result.thenApply(r -> r.status() == Status.SENT
                        ? new DeliveryResult(Status.ALREADY_SENT, key, r.providerId(), 0, null) : r);
            }
            if (undelivered.containsKey(key)) return done(Status.UNDELIVERED, key, "kept until " + channel + " recovers");
            if (failing && !undelivered.isEmpty()) {
                return CompletableFuture.completedFuture(keep(message, 0, channel + " is failing"));
            }
            delivery = new Delivery(message, false);
            inFlight.put(key, delivery);
        }
        start(delivery);
        return delivery.result;
    }

    /** The dedupKeys delivered so far, oldest first: what a checkpoint keeps (see {@link #snapshot()}). */
    public synchronized List<String> deliveredKeys() {
        return List.copyOf(delivered);
    }

    /**
     * Delivered keys and kept messages, for checkpointed state; pass it to the constructor on
     * restore. Kept messages being sent again after a recovery count as kept until they go
     * through: no caller (and no Flink in-flight state) holds them any more.
     */
    public synchronized DeliveryState snapshot() {
        List<OutgoingMessage> kept = new ArrayList<>();
        inFlight.values().stream().filter(d -> d.kept).forEach(d -> kept.add(d.message));
        kept.addAll(undelivered.values());
        return new DeliveryState(List.copyOf(delivered), kept);
    }

    public synchronized boolean isFailing() {
        return failing;
    }

    public synchronized int undeliveredCount() {
        return undelivered.size();
    }

    /** Messages the gateway accepted. */
    public long sentCount() {
        return sent.get();
    }

    /** Messages lost because the undelivered queue was full. */
    public long droppedCount() {
        return dropped.get();
    }

    /**
     * Stops the threads. Messages still waiting or being tried fail their futures (a Flink async
     * operator replays them from its own state after a restart); kept ones stay in {@link #snapshot()}.
     */
    @Override
    public void close() {
        List<Delivery> pending;
        synchronized (this) {
            if (closed) return;
            closed = true;
            pending = new ArrayList<>(inFlight.values());
        }
        stopThreads.run();
        sender.close();
        IllegalStateException stop = new IllegalStateException(channel + " sender closed before the message was sent");
        pending.forEach(d -> d.result.completeExceptionally(stop));
    }

    private void start(Delivery delivery) {
        runAfter(rateLimit.reserve(delivery.message.receiver()), () -> attempt(delivery));
    }

    private void attempt(Delivery delivery) {
        try {
            attemptOnce(delivery);
        } catch (RuntimeException e) {
            // A bug here must not leave the caller's future hanging until an async timeout.
            synchronized (this) {
                inFlight.remove(delivery.message.dedupKey());
            }
            LOG.error("{} delivery of {} failed unexpectedly", channel, delivery.message.dedupKey(), e);
            delivery.result.completeExceptionally(e);
        }
    }

    private void attemptOnce(Delivery delivery) {
        Attempt attempt = tryOnce(delivery.message);
        delivery.attempts++;
        switch (attempt.outcome()) {
            case SENT, REJECTED -> answered(delivery, attempt);
            case RETRYABLE -> {
                if (delivery.attempts < policy.maxAttempts()) {
                    long wait = backoff.delayNanos(delivery.attempts, random.getAsDouble());
                    if (attempt.retryAfter() != null) wait = Math.max(wait, attempt.retryAfter().toNanos());
                    LOG.debug("{} to {} ({}): try {} failed, retrying in {} ms: {}", channel, delivery.message.receiver(),
                            delivery.message.dedupKey(), delivery.attempts, wait / 1_000_000, attempt.detail());
                    runAfter(wait, () -> attempt(delivery));
                } else {
                    givenUp(delivery, attempt.detail());
                }
            }
            case UNAUTHORIZED -> givenUp(delivery, attempt.detail());
        }
    }

    private Attempt tryOnce(OutgoingMessage message) {
        try {
            return sender.attempt(message);
        } catch (RuntimeException | LinkageError e) {
            // Only the type: a library's message could quote anything, a credential included.
            LOG.warn("{} sender failed unexpectedly: {}", channel, e.getClass().getName());
            return Attempt.retryable("unexpected " + e.getClass().getName());
        }
    }

    /** The gateway took a position on the message: the channel works. */
    private void answered(Delivery delivery, Attempt attempt) {
        boolean accepted = attempt.outcome() == Attempt.Outcome.SENT;
        List<Delivery> release = List.of();
        synchronized (this) {
            inFlight.remove(delivery.message.dedupKey());
            if (accepted) remember(delivery.message.dedupKey());
            if (failing) release = recover();
        }
        if (accepted) {
            sent.incrementAndGet();
        } else {
            LOG.warn("{} to {} ({}) refused: {}", channel, delivery.message.receiver(), delivery.message.dedupKey(), attempt.detail());
        }
        DeliveryResult result = new DeliveryResult(accepted ? Status.SENT : Status.REJECTED, delivery.message.dedupKey(),
                attempt.providerId(), delivery.attempts, attempt.detail());
        delivery.result.complete(result);
        if (delivery.kept) tell(() -> listener.keptMessageSettled(delivery.message, result));
        release.forEach(this::start);
    }

    private void givenUp(Delivery delivery, String reason) {
        DeliveryResult result;
        synchronized (this) {
            inFlight.remove(delivery.message.dedupKey());
            result = keep(delivery.message, delivery.attempts, reason);
            if (!failing && !closed) {
                failing = true;
                LOG.warn("{} channel failing, keeping undelivered messages: {}", channel, reason);
                tell(() -> listener.failing(channel, reason));
                scheduleProbe(policy.probeInterval().toNanos());
            }
        }
        delivery.result.complete(result);
    }

    /** Called with the lock held. */
    private DeliveryResult keep(OutgoingMessage message, int attempts, String reason) {
        String key = message.dedupKey();
        if (undelivered.size() >= policy.undeliveredCapacity()) {
            dropped.incrementAndGet();
            LOG.warn("{} to {} ({}) dropped: {} undelivered messages kept already", channel, message.receiver(), key,
                    undelivered.size());
            return new DeliveryResult(Status.DROPPED, key, null, attempts, reason);
        }
        undelivered.put(key, message);
        return new DeliveryResult(Status.UNDELIVERED, key, null, attempts, reason);
    }

    /** Called with the lock held: the channel works again; hands back the kept messages to send, oldest first. */
    private List<Delivery> recover() {
        failing = false;
        LOG.info("{} channel recovered, sending {} kept messages", channel, undelivered.size());
        tell(() -> listener.recovered(channel));
        List<Delivery> release = new ArrayList<>(undelivered.size());
        for (OutgoingMessage m : undelivered.values()) {
            if (delivered.contains(m.dedupKey()) || inFlight.containsKey(m.dedupKey())) continue;
            Delivery d = new Delivery(m, true);
            inFlight.put(m.dedupKey(), d);
            release.add(d);
        }
        undelivered.clear();
        return release;
    }

    /** Called with the lock held. */
    private void scheduleProbe(long delayNanos) {
        if (probeScheduled || closed) return;
        probeScheduled = true;
        runAfter(delayNanos, this::probe);
    }

    /** While failing: one try of the oldest kept message, to learn whether the channel is back. */
    private void probe() {
        OutgoingMessage oldest;
        synchronized (this) {
            probeScheduled = false;
            Iterator<OutgoingMessage> it = undelivered.values().iterator();
            if (!failing || closed || !it.hasNext()) return; // nothing kept: the next send is the probe
            oldest = it.next();
        }
        Attempt attempt = tryOnce(oldest);
        if (attempt.outcome() == Attempt.Outcome.SENT || attempt.outcome() == Attempt.Outcome.REJECTED) {
            List<Delivery> release;
            synchronized (this) {
                undelivered.remove(oldest.dedupKey());
                if (attempt.outcome() == Attempt.Outcome.SENT) remember(oldest.dedupKey());
                release = failing ? recover() : List.of();
            }
            boolean accepted = attempt.outcome() == Attempt.Outcome.SENT;
            if (accepted) {
                sent.incrementAndGet();
            } else {
                LOG.warn("{} to {} ({}) refused: {}", channel, oldest.receiver(), oldest.dedupKey(), attempt.detail());
            }
            DeliveryResult result = new DeliveryResult(accepted ? Status.SENT : Status.REJECTED, oldest.dedupKey(),
                    attempt.providerId(), 1, attempt.detail());
            tell(() -> listener.keptMessageSettled(oldest, result));
            release.forEach(this::start);
        } else {
            LOG.debug("{} still failing: {}", channel, attempt.detail());
            synchronized (this) {
                scheduleProbe(policy.probeInterval().toNanos());
            }
        }
    }

    /** Called with the lock held. Forgets the oldest key once more than {@code dedupCapacity} are remembered. */
    private void remember(String key) {
        delivered.add(key);
        if (delivered.size() > policy.dedupCapacity()) {
            Iterator<String> oldest = delivered.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** A listener that throws must not stop a delivery halfway. */
    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("{} channel listener failed", channel, e);
        }
    }

    private void runAfter(long delayNanos, Runnable task) {
        try {
            if (delayNanos <= 0) {
                workers.execute(task);
            } else {
                timer.schedule(() -> workers.execute(task), delayNanos);
            }
        } catch (RejectedExecutionException e) {
            // closed meanwhile: close() fails the futures still pending
        }
    }

    private static CompletableFuture<DeliveryResult> done(Status status, String key, String detail) {
        return CompletableFuture.completedFuture(new DeliveryResult(status, key, null, 0, detail));
    }
}
