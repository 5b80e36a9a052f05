package io.scem.jobs.notify;

import io.scem.core.notify.OutgoingMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link ChannelSender} whose answers a test writes in advance (then: accept, or fail while
 * {@link #down()}), and which remembers every try and when it came.
 */
final class ScriptedGateway implements ChannelSender {
    record Try(String dedupKey, String receiver, Duration at, Attempt.Outcome outcome) {}

    private final OutgoingMessage.Channel channel;
    private final LongSupplier clock;
    private final Deque<Attempt> script = new ArrayDeque<>();
    private final List<Try> tries = new ArrayList<>();
    private volatile boolean down;
    private int ids;

    ScriptedGateway(OutgoingMessage.Channel channel, LongSupplier clock) {
        this.channel = channel;
        this.clock = clock;
    }

    synchronized ScriptedGateway then(Attempt... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    ScriptedGateway down() {
        down = true;
        return this;
    }

    ScriptedGateway up() {
        down = false;
        return this;
    }

    synchronized List<Try> tries() {
        return List.copyOf(tries);
    }

    /** The keys the gateway accepted, in order. */
    synchronized List<String> accepted() {
        return tries.stream().filter(t -> t.outcome() == Attempt.Outcome.SENT).map(Try::dedupKey).toList();
    }

    @Override
    public OutgoingMessage.Channel channel() {
        return channel;
    }

    @Override
    public synchronized Attempt attempt(OutgoingMessage message) {
        Attempt answer = !script.isEmpty() ? script.poll()
                : down ? Attempt.retryable("HTTP 503, gateway down") : Attempt.sent("ID" + ++ids);
        tries.add(new Try(message.dedupKey(), message.receiver(), Duration.ofNanos(clock.getAsLong()), answer.outcome()));
        return answer;
    }
}
