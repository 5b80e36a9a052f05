package io.scem.core.sim;

import io.scem.core.event.Decoded;
import io.scem.core.event.EventDecoder;
import io.scem.core.event.EventFiles;
import io.scem.core.event.LatenessGate;
import io.scem.core.event.SupplyEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The alerts the four foundation rules (STOCK_OUT, SUPPLIER_LATE, PRODUCTION_LATE, DELIVERY_LATE)
 * must produce for a list of events, computed by brute force straight from their specification.
 * It shares nothing with the entity classes, the rule files or Esper, so that agreeing with it
 * means something. Slow and memory-hungry by design (it remembers every entity): for tests and
 * {@code scem verify}, not for production.
 *
 * <p>Semantics, in short: events are processed in (occurredAt, sequence) order, a repeated eventId
 * is ignored. A deadline D "passes" when an event with occurredAt &gt; D is processed (an event at
 * exactly D is on time), or at the end if D is before the last event's time; passed deadlines
 * fire, in deadline order, before the event that moved the clock. One open episode per rule and
 * key. The rules' tunables ({@link Tunables}) shift each deadline by its grace, set the stock-out
 * level, and hold a cleared stock-out: back out within the hold, it continues its episode.
 */
public final class AlertOracle {
    public static final String STOCK_OUT = "STOCK_OUT";
    public static final String SUPPLIER_LATE = "SUPPLIER_LATE";
    public static final String PRODUCTION_LATE = "PRODUCTION_LATE";
    public static final String DELIVERY_LATE = "DELIVERY_LATE";
    /**
     * The rules this oracle knows. The shipped rules raise more (LOW_STOCK, TRACKING_SILENT, ...):
     * compare a run with the oracle on the alerts of these rules only.
     */
    public static final Set<String> RULES = Set.of(STOCK_OUT, SUPPLIER_LATE, PRODUCTION_LATE, DELIVERY_LATE);
    private static final long MINUTE = 60_000L;

    private static final Comparator<SupplyEvent> PROCESSING_ORDER =
            Comparator.comparingLong((SupplyEvent e) -> e.occurredAt).thenComparingLong(e -> e.sequence);

    private final List<ExpectedAlert> alerts = new ArrayList<>();
    private final Map<String, Long> onHand = new HashMap<>();
    private final Set<String> outOfStock = new HashSet<>();
    /** Stock-outs that cleared, on hold: back out within the hold, they are the same episode. */
    private final Map<String, Long> clearedAt = new HashMap<>();
    private final Tunables tunables;
    private final Deadlines supplier;
    private final Deadlines production;
    private final Deadlines delivery;
    /** Every pending deadline of every rule; stale entries are skipped when they come up. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    /**
     * The values of the rule files' variables that tune the four rules: on-hand at or below
     * {@code STOCK_OUT_LEVEL} is out of stock, a stock-out back within {@code
     * STOCK_OUT_HOLD_MINUTES} of clearing is the same episode, and each deadline is late only
     * after its grace.
     */
    public record Tunables(long stockOutLevel, long stockOutHoldMinutes, long supplierLateGraceMinutes,
            long productionLateGraceMinutes, long deliveryLateGraceMinutes) {
        /** The variables' names, in the order of the record's components. */
        public static final List<String> VARIABLES = List.of("STOCK_OUT_LEVEL", "STOCK_OUT_HOLD_MINUTES",
                "SUPPLIER_LATE_GRACE_MINUTES", "PRODUCTION_LATE_GRACE_MINUTES", "DELIVERY_LATE_GRACE_MINUTES");
        /** The specification untuned: out of stock at zero, no hold, no grace. */
        public static final Tunables NONE = new Tunables(0, 0, 0, 0, 0);
        /** The defaults of the shipped rules in {@code rules/}: a 15-minute hold on stock-outs. */
        public static final Tunables SHIPPED_RULES = new Tunables(0, 15, 0, 0, 0);

        /** The tunables a set of rule variables gives (name to number); one the rules do not declare is untuned. */
        public static Tunables of(Map<String, ?> variables) {
            long[] values = NONE.values();
            for (int i = 0; i < VARIABLES.size(); i++) {
                if (variables.get(VARIABLES.get(i)) instanceof Number n) values[i] = n.longValue();
            }
            return new Tunables(values[0], values[1], values[2], values[3], values[4]);
        }

        /** The values in the order of {@link #VARIABLES}. */
        private long[] values() {
            return new long[] {stockOutLevel, stockOutHoldMinutes, supplierLateGraceMinutes, productionLateGraceMinutes,
                    deliveryLateGraceMinutes};
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            long[] values = values();
            for (int i = 0; i < values.length; i++) {
                text.append(i == 0 ? "" : ", ").append(VARIABLES.get(i)).append(' ').append(values[i]);
            }
            return text.toString();
        }
    }

    private AlertOracle(Tunables tunables) {
        this.tunables = tunables;
        this.supplier = new Deadlines(SUPPLIER_LATE, tunables.supplierLateGraceMinutes());
        this.production = new Deadlines(PRODUCTION_LATE, tunables.productionLateGraceMinutes());
        this.delivery = new Deadlines(DELIVERY_LATE, tunables.deliveryLateGraceMinutes());
    }

    /** {@link #expectedAlerts(List, Tunables)} for the shipped rules' tunables. */
    public static List<ExpectedAlert> expectedAlerts(List<SupplyEvent> events) {
        return expectedAlerts(events, Tunables.SHIPPED_RULES);
    }

    /**
     * The alerts for {@code events} (valid events; late ones already removed) under {@code
     * tunables}, sorted by {@link ExpectedAlert#ORDER}. The input list is not modified.
     */
    public static List<ExpectedAlert> expectedAlerts(List<SupplyEvent> events, Tunables tunables) {
        List<SupplyEvent> sorted = new ArrayList<>(events);
        sorted.sort(PROCESSING_ORDER); // List.sort is stable: equal keys keep input order
        AlertOracle oracle = new AlertOracle(tunables);
        Set<String> seen = new HashSet<>();
        long finalClock = Long.MIN_VALUE;
        for (SupplyEvent e : sorted) {
            if (!seen.add(e.eventId)) {
                continue;
            }
            oracle.passClockTo(e.occurredAt);
            oracle.apply(e);
            finalClock = e.occurredAt;
        }
        // At the end the clock stands at the last event: deadlines before it have passed (this
        // finds none the loop has not already fired), deadlines at or after it never fire.
        oracle.passClockTo(finalClock);
        // The end of input ends every hold.
        oracle.clearedAt.forEach((key, at) -> oracle.alerts.add(ExpectedAlert.resolved(STOCK_OUT, key, at)));
        oracle.alerts.sort(ExpectedAlert.ORDER);
        return oracle.alerts;
    }

    /** The valid events of a JSON-lines file, dead letters skipped, {@code sequence} = line number. */
    public static List<SupplyEvent> loadJsonLines(Path file) throws IOException {
        return loadJsonLines(file, Long.MAX_VALUE);
    }

    /**
     * As {@link #loadJsonLines(Path)}, also dropping the events a job would reject as late: more
     * than {@code latenessBoundMillis} older than an event before them in the file.
     */
    public static List<SupplyEvent> loadJsonLines(Path file, long latenessBoundMillis) throws IOException {
        EventDecoder decoder = new EventDecoder();
        LatenessGate gate = new LatenessGate(latenessBoundMillis);
        List<SupplyEvent> events = new ArrayList<>();
        try (BufferedReader in = EventFiles.reader(file)) {
            String line;
            long lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                Decoded d = decoder.decode(line, file.toString(), lineNumber);
                if (d.isEvent() && gate.check(0, d.event) == null) {
                    events.add(d.event);
                }
            }
        }
        return events;
    }

    private void passClockTo(long now) {
        while (!timers.isEmpty() && timers.peek().deadline < now) {
            Timer t = timers.poll();
            t.rule.deadlinePassed(t.key, t.deadline);
        }
    }

    private void apply(SupplyEvent e) {
        long t = e.occurredAt;
        switch (e.type) {
            case STOCK_COUNTED -> setStock(e, e.quantityOrZero());
            case GOODS_ISSUED -> setStock(e, stock(e) - e.quantityOrZero());
            case STOCK_ADJUSTED -> setStock(e, stock(e) + e.quantityOrZero());
            case GOODS_RECEIVED -> {
                setStock(e, stock(e) + e.quantityOrZero());
                if (e.poId != null) supplier.done(e.poId, t);
            }
            case PO_PLACED, PO_CONFIRMED, PO_SHIPPED -> supplier.promise(e.poId, e.expectedAt, t);
            case WORK_ORDER_RELEASED -> production.promise(e.workOrderId, e.dueAt, t);
            case WORK_ORDER_COMPLETED -> production.done(e.workOrderId, t);
            case SHIPMENT_DISPATCHED -> delivery.promise(e.shipmentId, e.promisedAt, t);
            case SHIPMENT_DELIVERED -> delivery.done(e.shipmentId, t);
            default -> { } // no foundation rule looks at the other types
        }
    }

    private long stock(SupplyEvent e) {
        return onHand.getOrDefault(e.site + '|' + e.sku, 0L); // unknown counts as 0
    }

    private void setStock(SupplyEvent e, long level) {
        String key = e.site + '|' + e.sku;
        long before = onHand.getOrDefault(key, 0L);
        onHand.put(key, level);
        long out = tunables.stockOutLevel();
        if (before > out && level <= out && outOfStock.add(key)) {
            Long cleared = clearedAt.remove(key);
            boolean sameEpisode = cleared != null && e.occurredAt <= cleared + tunables.stockOutHoldMinutes() * MINUTE;
            if (!sameEpisode) {
                if (cleared != null) alerts.add(ExpectedAlert.resolved(STOCK_OUT, key, cleared));
                alerts.add(ExpectedAlert.firing(STOCK_OUT, key, e.occurredAt));
            }
        } else if (level > out && outOfStock.remove(key)) {
            clearedAt.put(key, e.occurredAt);
        }
    }

    /** A pending deadline of one rule for one key, ordered by deadline, then rule, then key. */
    private record Timer(long deadline, Deadlines rule, String key) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            if (c == 0) c = rule.name.compareTo(o.rule.name);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    /** What a deadline rule knows about one key. */
    private static final class Watch {
        Long deadline;
        boolean firing;
        /** The completing fact (receipt, completion, delivery) happened: no more alerts. */
        boolean done;
    }

    /** One deadline rule: late when the deadline, plus its grace, passes before the completing fact. */
    private final class Deadlines {
        final String name;
        /** How long after the deadline it is late. */
        final long graceMillis;
        final Map<String, Watch> watches = new HashMap<>();

        Deadlines(String name, long graceMinutes) {
            this.name = name;
            this.graceMillis = graceMinutes * MINUTE;
        }

        /** A (new) deadline for {@code key}, told by an event at {@code now}. */
        void promise(String key, Long deadline, long now) {
            Watch w = watches.computeIfAbsent(key, k -> new Watch());
            // Once firing, a later promise changes nothing: the deadline in force was missed.
            if (w.done || w.firing || deadline == null) {
                return;
            }
            w.deadline = deadline + graceMillis;
            if (w.deadline < now) {
                fire(key, w); // already past when told: late at once, stamped with the deadline
            } else {
                timers.add(new Timer(w.deadline, this, key));
            }
        }

        void done(String key, long now) {
            Watch w = watches.computeIfAbsent(key, k -> new Watch());
            if (w.done) {
                return;
            }
            w.done = true;
            if (w.firing) {
                w.firing = false;
                alerts.add(ExpectedAlert.resolved(name, key, now));
            }
        }

        void deadlinePassed(String key, long deadline) {
            Watch w = watches.get(key);
            // Stale if the deadline moved since this timer was set, or the key is done or firing.
            if (!w.done && !w.firing && w.deadline == deadline) {
                fire(key, w);
            }
        }

        private void fire(String key, Watch w) {
            w.firing = true;
            alerts.add(ExpectedAlert.firing(name, key, w.deadline));
        }
    }
}
