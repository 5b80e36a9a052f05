package io.scem.jobs.demo;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import io.scem.core.order.OrderStatus;
import io.scem.jobs.io.SingleWriter;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * What the demo shows in the terminal: each alert as it fires or resolves, and a live summary.
 * The demo runs the job in this JVM (MiniCluster), so its sinks and the summary share counters
 * here; the production job reports through Kafka and InfluxDB instead.
 */
public final class DemoConsole {
    static final AtomicLong EVENTS = new AtomicLong();
    static final AtomicLong DEAD_LETTERS = new AtomicLong();
    static final AtomicLong RAISED = new AtomicLong();
    static final AtomicLong RESOLVED = new AtomicLong();
    static final Map<String, Integer> OPEN_BY_RULE = new ConcurrentHashMap<>();
    static volatile long eventTime = Long.MIN_VALUE;
    static final AtomicLong DELIVERED = new AtomicLong();
    static final AtomicLong DELIVERED_LATE = new AtomicLong();
    static final AtomicLong PERFECT = new AtomicLong();
    static final AtomicLong CANCELLED = new AtomicLong();
    static final DoubleAdder REVENUE = new DoubleAdder();
    static final DoubleAdder MARGIN = new DoubleAdder();
    static volatile String currency = "";

    private final PrintStream out;
    private long lastEvents;
    private long lastAt = System.currentTimeMillis();

    /**
     * Counts from zero: the counters are static, shared with the job's sinks in this JVM, so a
     * second demo in one JVM (the tests run several) would otherwise add to the first one's. Make
     * it before the job starts.
     */
    public DemoConsole(PrintStream out) {
        this.out = out;
        for (AtomicLong counter : new AtomicLong[] {EVENTS, DEAD_LETTERS, RAISED, RESOLVED, DELIVERED, DELIVERED_LATE,
                PERFECT, CANCELLED}) {
            counter.set(0);
        }
        OPEN_BY_RULE.clear();
        eventTime = Long.MIN_VALUE;
        REVENUE.reset();
        MARGIN.reset();
        currency = "";
    }

    /** One line: rates, totals, simulated time and the open alerts by rule. */
    public String summary() {
        long now = System.currentTimeMillis();
        long events = EVENTS.get();
        double rate = (events - lastEvents) * 1000.0 / Math.max(1, now - lastAt);
        lastEvents = events;
        lastAt = now;
        Map<String, Integer> open = new TreeMap<>(OPEN_BY_RULE);
        open.values().removeIf(n -> n == 0);
        return String.format("[summary] %,.0f events/s | %,d events | sim time %s | %,d dead letters | alerts raised %,d resolved %,d | open %s",
                rate, events, eventTime == Long.MIN_VALUE ? "-" : Instants.format(eventTime), DEAD_LETTERS.get(),
                RAISED.get(), RESOLVED.get(), open);
    }

    /**
     * One line on the orders that ended so far: delivered (late, perfect), cancelled, and the margin
     * on the revenue of those priced. Totals, not one line per order: at the demo's speed that
     * would be hundreds a second; the order status topic and the Orders dashboard have the detail.
     */
    public String ordersSummary() {
        long delivered = DELIVERED.get();
        String cur = currency.isEmpty() ? "" : " " + currency;
        // No share of nothing: "0.0 % perfect" before the first delivery would read as a failure.
        String perfect = delivered == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * PERFECT.get() / delivered);
        return String.format(Locale.ROOT, "[orders]  %,d delivered (%,d late, %s %% perfect), %,d cancelled | margin %,.2f%s on revenue %,.2f%s",
                delivered, DELIVERED_LATE.get(), perfect, CANCELLED.get(), MARGIN.sum(), cur, REVENUE.sum(), cur);
    }

    public void printSummary() {
        out.println(summary());
        out.println(ordersSummary());
    }

    /** Prints each alert and keeps the open count by rule. */
    public static final class AlertPrinter implements Sink<Alert>, SingleWriter {
        @Override
        public SinkWriter<Alert> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Alert a, Context context) {
                    boolean firing = a.isFiring();
                    (firing ? RAISED : RESOLVED).incrementAndGet();
                    OPEN_BY_RULE.merge(a.rule, firing ? 1 : -1, Integer::sum);
                    System.out.printf("%-8s %-9s %-16s %s%n", a.status, a.severity, a.rule, a.message);
                }

                @Override
                public void flush(boolean endOfInput) {
                    System.out.flush();
                }

                @Override
                public void close() {}
            };
        }
    }

    /** Counts the orders that ended (delivered or cancelled) and adds up their revenue and margin. */
    public static final class OrderTally implements Sink<OrderStatus> {
        @Override
        public SinkWriter<OrderStatus> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(OrderStatus s, Context context) {
                    if (s.status == OrderStatus.Status.CANCELLED) {
                        CANCELLED.incrementAndGet();
                        return;
                    }
                    DELIVERED.incrementAndGet();
                    if (s.late) DELIVERED_LATE.incrementAndGet();
                    boolean inFull = s.quantity == null || s.issuedQuantity >= s.quantity;
                    if (!s.late && inFull && s.exceptions == 0) PERFECT.incrementAndGet();
                    if (s.costToServe != null) {
                        REVENUE.add(s.costToServe.revenue);
                        MARGIN.add(s.costToServe.margin);
                        if (s.costToServe.currency != null) currency = s.costToServe.currency;
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    /** Prints lines as they come (the notifications the demo would send). */
    public static final class LinePrinter implements Sink<String>, SingleWriter {
        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(String line, Context context) {
                    System.out.println(line);
                }

                @Override
                public void flush(boolean endOfInput) {
                    System.out.flush();
                }

                @Override
                public void close() {}
            };
        }
    }

    /** Counts what passes (events or dead letters) for the summary. */
    public static final class Counter<T> implements Sink<T> {
        private final boolean deadLetters;
        private final SerializableFunction<T, Boolean> counts;

        public Counter(boolean deadLetters, SerializableFunction<T, Boolean> counts) {
            this.deadLetters = deadLetters;
            this.counts = counts;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    if (!counts.apply(element)) return;
                    (deadLetters ? DEAD_LETTERS : EVENTS).incrementAndGet();
                    if (!deadLetters && context.timestamp() != null) {
                        eventTime = Math.max(eventTime, context.timestamp());
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
