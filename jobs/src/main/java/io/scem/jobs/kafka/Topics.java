package io.scem.jobs.kafka;

import io.scem.core.event.Stage;
import java.util.Arrays;
import java.util.List;

/** Kafka topic names, shared by the jobs, the command line and the tests. */
public final class Topics {
    public static final String SUPPLIER = Stage.SUPPLIER.topic();
    public static final String PRODUCTION = Stage.PRODUCTION.topic();
    public static final String WAREHOUSE = Stage.WAREHOUSE.topic();
    public static final String DISTRIBUTION = Stage.DISTRIBUTION.topic();
    public static final String ORDERS = Stage.ORDERS.topic();

    /** The five input topics, one per stage, in stage order. */
    public static final List<String> INPUTS =
            Arrays.stream(Stage.values()).map(Stage::topic).toList();

    /** Alerts as JSON ({@code AlertJson}), keyed by the alert's entity key. */
    public static final String ALERTS = "scem.alerts";

    /** The notifier's log: every outcome of every email and SMS ({@code NotificationAttempt} as JSON), keyed by receiver. */
    public static final String NOTIFICATIONS = "scem.notifications";

    /**
     * The current status of every customer order ({@code OrderStatusJson}), keyed by orderId, one
     * record per change. Create it compacted ({@code cleanup.policy=compact}): Kafka then keeps at
     * least the latest status of every order, which is all a reader needs.
     */
    public static final String ORDER_STATUS = "scem.order-status";

    /** Rejected input records as JSON ({@code DeadLetterJson}), keyed by their origin. */
    public static final String DEAD_LETTER = "scem.dead-letter";

    /** The ATP book's decision on every order placement ({@code AtpJson.writeDecision}), keyed by orderId. */
    public static final String ATP_DECISIONS = "scem.atp-decisions";

    /**
     * The latest available-to-promise profile of every site and SKU ({@code AtpJson.writeProfile}),
     * keyed by {@code site|sku}: a compacted topic ({@code cleanup.policy=compact}), read by
     * {@code scem atp --kafka}.
     */
    public static final String ATP = "scem.atp";

    private Topics() {}
}
