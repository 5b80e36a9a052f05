package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.alert.Correlation;
import io.scem.core.atp.AtpDecision;
import io.scem.core.atp.AtpProfile;
import io.scem.core.atp.Substitutes;
import io.scem.core.entity.EntityKeys;
import io.scem.core.entity.StockLevel;
import io.scem.core.event.SupplyEvent;
import io.scem.core.kpi.Completion;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.order.OrderSignal;
import io.scem.core.order.OrderStatus;
import io.scem.core.rules.RuleSet;
import io.scem.jobs.orders.OrderSignalWire;
import io.scem.jobs.orders.OrderStatusOperator;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import io.scem.jobs.io.Checkpoints;
import io.scem.jobs.io.SingleReader;
import io.scem.jobs.io.SingleWriter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The monitoring job: events in, alerts and dead letters out. Sources and sinks are injected,
 * so that the demo, the replay, the production run and the tests share one pipeline:
 *
 * <pre>
 * source ─ route ─┬─ orders, POs, WOs, shipments, lines ─ keyBy ─ rule evaluation ─┬─────────────────────┬─ keyBy condition ─ lifecycle ─ keyBy group ─ root causes ─ alerts
 *                 │                                                  derived events │ retired rules ───────┘ (broadcast)
 *                 ├─ stock ──────────────────────── + derived events ─ keyBy ─ stock and supplier rules ─┤ ─ stock levels (metrics)
 *                 │                     order changes (1st stage) + stock profiles (2nd) ─ ATP book (p=1) ─┘ ─ ATP decisions, profiles
 *                 ├─ end-of-input clocks ─ broadcast to both rule stages and the order status
 *   both rule stages ─ failing rules ─ keyBy condition ─ first rule failure ─ to the lifecycle
 *                 │
 *   rule evaluation ─ facts of orders and shipments ─┬─ keyBy orderId ─ order status ─ changes (scem.order-status), ended (KPIs)
 *   alerts ─ ORDER_AT_RISK ──────────────────────────┘
 *                 └─ dead letters, with the late events of both rule stages ─────────────────────── dead letters
 * </pre>
 *
 * Without {@link JobSettings#followOrders}, neither the ATP book nor the order status stage runs.
 *
 * Every operator has an explicit uid so that savepoints survive changes to the job.
 */
public final class MonitoringJob {
    /**
     * What the job puts out: the alerts and dead letters; for metrics the routed events, stock
     * movements, entity completions (KPIs), events dropped as duplicates and rule failures; and, when it follows
     * orders ({@link JobSettings#followOrders}), what the ATP book and the order status stage put out.
     */
    public record Outputs(DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters,
            DataStream<KeyedEvent> routedEvents, DataStream<StockLevel> stockLevels,
            DataStream<Completion> completions, DataStream<SupplyEvent> duplicates,
            DataStream<RuleFailureCount> ruleFailures, Optional<OrderOutputs> orders) {}

    /**
     * What following orders puts out: the ATP book's decision per order placement and the latest
     * profile of each stock that changed (published at each watermark); every change of an order's
     * status ({@code scem.order-status}), each order's final status when it ended (delivered or
     * cancelled, priced: the order KPIs), and the last status of each open order the stage lets go
     * of (idle) or still holds at the end of a bounded input (with the ended ones, a replay's file).
     */
    public record OrderOutputs(DataStream<AtpDecision> atpDecisions, DataStream<AtpProfile> atpProfiles,
            DataStream<OrderStatus> changes, DataStream<OrderStatus> ended, DataStream<OrderStatus> released) {}

    /**
     * What the sources emit: each record decoded into new objects, which nothing changes after,
     * so the router chained to the source takes them as they are.
     */
    public static final TypeInformation<Decoded> DECODED = new PassedOnAsIs<>(TypeInformation.of(Decoded.class));
    /**
     * What the router emits and the first rule stage derives: events keyed by entity, each a new
     * {@link KeyedEvent}, which nothing changes after (the copies of one event share its {@code
     * SupplyEvent}, read only), so the filters and counters chained to the router take them as they are.
     */
    public static final TypeInformation<KeyedEvent> KEYED_EVENTS = new PassedOnAsIs<>(TypeInformation.of(KeyedEvent.class));
    /** The order status stage emits a copy of each changed status, which nothing changes after. */
    private static final TypeInformation<OrderStatus> STATUS_CHANGES = new PassedOnAsIs<>(TypeInformation.of(OrderStatus.class));

    private final JobSettings settings;
    private final RuleSet rules;
    private final RuleReload ruleReload;

    /** A job running {@code rules} as compiled: replays and tests. */
    public MonitoringJob(JobSettings settings, RuleSet rules) {
        this(settings, rules, null);
    }

    /** A job that starts with {@code rules} and follows their directory as {@code ruleReload} says (null: never). */
    public MonitoringJob(JobSettings settings, RuleSet rules, RuleReload ruleReload) {
        this.settings = settings;
        this.rules = rules;
        this.ruleReload = ruleReload;
    }

    /** Source → sinks, the whole job. {@code source} emits decoded records (see EventIntake). */
    public Outputs build(StreamExecutionEnvironment env, Source<Decoded, ?, ?> source, Sink<Alert> alertSink,
            Sink<DeadLetter> deadLetterSink) {
        Checkpoints.configure(env, settings.checkpointInterval(), settings.checkpointDir());
        DataStreamSource<Decoded> decoded = env.fromSource(source,
                watermarks(settings.outOfOrderBound(), settings.idleTimeout()), "events");
        decoded.uid("events-source");
        if (source instanceof SingleReader) {
            decoded.setParallelism(1);
        }
        Outputs outputs = pipeline(decoded);
        attach(outputs.alerts(), alertSink, "alerts-sink");
        attach(outputs.deadLetters(), deadLetterSink, "dead-letter-sink");
        return outputs;
    }

    private static <T> void attach(DataStream<T> stream, Sink<T> sink, String uid) {
        DataStreamSink<T> sinkOperator = stream.sinkTo(sink).uid(uid).name(uid);
        if (sink instanceof SingleWriter) {
            sinkOperator.setParallelism(1);
        }
    }

    /** The pipeline between decoded input and outputs, kept apart for testability. */
    public Outputs pipeline(DataStream<Decoded> decoded) {
        SingleOutputStreamOperator<KeyedEvent> routed =
                decoded.process(new RouteToEntities(), KEYED_EVENTS).uid("route-to-entities").name("route to entities");
        DataStream<Long> endOfInput = routed.getSideOutput(RouteToEntities.END_OF_INPUT);

        SingleOutputStreamOperator<Alert> entitySignals = routed
                .filter(keyed -> !EntityKeys.kindOf(keyed.entityKey).isFedByOthers()).uid("entity-events")
                .name("events of entities")
                .keyBy((KeySelector<KeyedEvent, String>) keyed -> keyed.entityKey)
                .connect(endOfInput.broadcast())
                .transform("rule evaluation", TypeInformation.of(Alert.class),
                        new RuleEvaluationOperator(rules, ruleReload, settings, true))
                .uid("rule-evaluation");
        // Stock and suppliers are fed by other entities too (a PO's promise moves the stock's supply
        // due in; its receipt rates the supplier), so they are kept in a second stage after the first.
        SingleOutputStreamOperator<Alert> fedSignals = routed
                .filter(keyed -> EntityKeys.kindOf(keyed.entityKey).isFedByOthers()).uid("fed-entity-events")
                .name("events of stock")
                .union(entitySignals.getSideOutput(RuleEvaluationOperator.DERIVED))
                .keyBy((KeySelector<KeyedEvent, String>) keyed -> keyed.entityKey)
                .connect(endOfInput.broadcast())
                .transform("stock and supplier rules", TypeInformation.of(Alert.class),
                        new RuleEvaluationOperator(rules, ruleReload, settings, false))
                .uid("fed-rule-evaluation");
        // Available-to-promise needs every site's stock at once: one book, fed by both stages.
        SingleOutputStreamOperator<Alert> atpSignals = settings.followOrders()
                ? fedSignals.getSideOutput(RuleEvaluationOperator.ATP_PROFILES)
                        .connect(entitySignals.getSideOutput(RuleEvaluationOperator.ORDERS))
                        .transform("available to promise", TypeInformation.of(Alert.class),
                                new AtpBookOperator(new Substitutes(rules.items()), settings.atpHorizon().toMillis(),
                                        settings.atpPublishInterval().toMillis()))
                        .uid("atp-book").setParallelism(1).setMaxParallelism(1)
                : null;
        DataStream<Alert> failingRules = entitySignals.getSideOutput(RuleEvaluationOperator.FAILING_RULES)
                .union(fedSignals.getSideOutput(RuleEvaluationOperator.FAILING_RULES))
                .keyBy((KeySelector<Alert, String>) Alert::conditionKey)
                .process(new FirstRuleFailure()).uid("first-rule-failure").name("failing rules");
        DataStream<Alert> signals = atpSignals == null ? entitySignals.union(fedSignals, failingRules)
                : entitySignals.union(fedSignals, atpSignals, failingRules);

        DataStream<Alert> episodes = signals
                .keyBy((KeySelector<Alert, String>) Alert::conditionKey)
                .connect(entitySignals.getSideOutput(RuleEvaluationOperator.RETIRED_RULES)
                        .broadcast(AlertLifecycleFunction.RETIRED_RULES))
                .process(new AlertLifecycleFunction()).uid("alert-lifecycle").name("alert lifecycle");

        DataStream<Alert> alerts = episodes
                .filter(alert -> Correlation.groupOf(alert) != null).uid("correlated-alerts").name("correlated alerts")
                .keyBy((KeySelector<Alert, String>) Correlation::groupOf)
                .process(new CorrelateAlerts(settings.correlationThreshold())).uid("correlation").name("root causes")
                .union(episodes.filter(alert -> Correlation.groupOf(alert) == null).uid("uncorrelated-alerts")
                        .name("other alerts"));

        Optional<OrderOutputs> orders = atpSignals == null ? Optional.empty()
                : Optional.of(orderStatus(entitySignals.getSideOutput(RuleEvaluationOperator.ORDER_SIGNALS), alerts,
                        endOfInput, atpSignals));

        DataStream<DeadLetter> deadLetters = routed.getSideOutput(RouteToEntities.DEAD_LETTERS)
                .union(entitySignals.getSideOutput(RuleEvaluationOperator.LATE),
                        fedSignals.getSideOutput(RuleEvaluationOperator.LATE));
        return new Outputs(alerts, deadLetters, routed, fedSignals.getSideOutput(RuleEvaluationOperator.STOCK_LEVELS),
                entitySignals.getSideOutput(RuleEvaluationOperator.COMPLETIONS),
                entitySignals.getSideOutput(RuleEvaluationOperator.DUPLICATES)
                        .union(fedSignals.getSideOutput(RuleEvaluationOperator.DUPLICATES)),
                entitySignals.getSideOutput(RuleEvaluationOperator.RULE_FAILURE_COUNTS)
                        .union(fedSignals.getSideOutput(RuleEvaluationOperator.RULE_FAILURE_COUNTS)),
                orders);
    }

    /**
     * Each order's status from the facts of orders and shipments of the first rule stage and the
     * ORDER_AT_RISK alerts (by rule name and orderId: whatever raises them), keyed by orderId;
     * with what {@code atpBook} decided and published.
     */
    private OrderOutputs orderStatus(DataStream<OrderSignal> facts, DataStream<Alert> alerts, DataStream<Long> endOfInput,
            SingleOutputStreamOperator<Alert> atpBook) {
        DataStream<OrderSignal> atRisk = alerts.filter(OrderSignal::isAtRisk).uid("order-at-risk-alerts")
                .name("order at-risk alerts")
                .map(OrderSignal::of, OrderSignalWire.TYPE).uid("order-at-risk-signals")
                .name("order at-risk signals");
        SingleOutputStreamOperator<OrderStatus> changes = facts.union(atRisk)
                .keyBy((KeySelector<OrderSignal, String>) signal -> signal.orderId)
                .connect(endOfInput.broadcast())
                .transform("order status", STATUS_CHANGES,
                        new OrderStatusOperator(rules.costs(), settings.closedEntityRetention().toMillis(),
                                settings.idleEntityTtl().toMillis()))
                .uid("order-status");
        return new OrderOutputs(atpBook.getSideOutput(AtpBookOperator.DECISIONS), atpBook.getSideOutput(AtpBookOperator.PROFILES),
                changes, changes.getSideOutput(OrderStatusOperator.ENDED),
                changes.getSideOutput(OrderStatusOperator.RELEASED));
    }

    /**
     * Watermarks trail the newest event by the out-of-order bound, per source split (Kafka
     * partition, file). Rejected records and markers carry no time and never move them.
     *
     * <p>With a non-zero {@code idleTimeout}, a split that emits nothing for that long (wall
     * clock) is marked idle and left out of the watermark until it emits again. Without it, one
     * quiet partition holds back the rule clock of the whole job, and no deadline fires. The
     * price: a partition that wakes up with events behind the watermark the others have moved it
     * to has them dead-lettered as late by the rule evaluation ("late: … behind the rule clock").
     * Zero (off) suits a replay, whose single file is never idle before it ends.
     */
    public static WatermarkStrategy<Decoded> watermarks(Duration outOfOrderBound, Duration idleTimeout) {
        WatermarkStrategy<Decoded> strategy = WatermarkStrategy.<Decoded>forBoundedOutOfOrderness(outOfOrderBound)
                .withTimestampAssigner((decoded, previous) -> decoded.timestamp());
        return idleTimeout.isZero() ? strategy : strategy.withIdleness(idleTimeout);
    }
}
