package io.scem.jobs.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The InfluxDB measurements SCEM writes: names, tags and fields, in one place. The job's metric
 * wiring, the Grafana dashboards (checked by {@code DashboardSchemaTest}) and {@code
 * dashboards/README.md} all follow this list; a measurement, tag or field not listed here is
 * neither written nor queried.
 *
 * <p>Tags are bounded by design: stages, event types, rules, severities, reason codes, sites,
 * SKUs, suppliers, carriers, customers, receivers and channels, never an id of a single event,
 * order, shipment or alert. Counts carry a {@code subtask} tag because parallel subtasks write
 * separate series: queries always {@code sum("count")}.
 */
public final class MetricSchema {

    /** Which clock a measurement's timestamps follow. */
    public enum Clock {
        /** The supply-chain event's {@code occurredAt}: a replayed month lands in that month. */
        EVENT_TIME,
        /** Processing time: when the job (or the notifier) saw it. */
        WALL_CLOCK
    }

    /** A field's InfluxDB type. */
    public enum FieldType { FLOAT, STRING }

    /** One field of a measurement. */
    public record Field(String name, FieldType type) {
        static Field number(String name) {
            return new Field(name, FieldType.FLOAT);
        }

        static Field string(String name) {
            return new Field(name, FieldType.STRING);
        }
    }

    /**
     * One measurement.
     *
     * @param name the InfluxDB measurement name
     * @param tags its tag keys
     * @param fields its fields
     * @param clock the clock of its timestamps
     * @param written when a point is written, as {@code dashboards/README.md} says it
     */
    public record Measurement(String name, List<String> tags, List<Field> fields, Clock clock, String written) {
        public Measurement {
            tags = List.copyOf(tags);
            fields = List.copyOf(fields);
        }

        /** The names of the fields, in order. */
        public List<String> fieldNames() {
            return fields.stream().map(Field::name).toList();
        }

        public boolean hasTag(String tag) {
            return tags.contains(tag);
        }

        public boolean hasField(String field) {
            return fields.stream().anyMatch(f -> f.name().equals(field));
        }
    }

    public static final Measurement EVENTS = new Measurement("scem_events",
            List.of("stage", "type", "subtask"), List.of(Field.number("count")), Clock.EVENT_TIME,
            "per event-time minute: events processed (duplicates included, once per event)");

    public static final Measurement DEAD_LETTERS = new Measurement("scem_dead_letters",
            List.of("reason", "subtask"), List.of(Field.number("count")), Clock.WALL_CLOCK,
            "per wall-clock minute: records rejected, by reason code (the text before the first colon)");

    public static final Measurement DUPLICATES = new Measurement("scem_duplicates",
            List.of("stage", "type", "subtask"), List.of(Field.number("count")), Clock.EVENT_TIME,
            "per event-time minute: events ignored as repeated eventIds");

    public static final Measurement STOCK = new Measurement("scem_stock",
            List.of("site", "sku", "subtask"),
            List.of(Field.number("on_hand"), Field.number("safety_stock"), Field.number("demand_per_day"),
                    Field.number("days_of_cover")),
            Clock.EVENT_TIME,
            "the last level of each event-time minute in which the stock moved (at most 1 point/min/key);"
                    + " days_of_cover = on_hand / demand_per_day, absent while demand is 0");

    public static final Measurement STOCK_OUTS = new Measurement("scem_stock_outs",
            List.of("site", "sku"), List.of(Field.number("hours")), Clock.EVENT_TIME,
            "one point per ended stock-out, at its end: how long on-hand stayed <= 0");

    public static final Measurement SUPPLIER_DELIVERIES = new Measurement("scem_supplier_deliveries",
            List.of("supplier", "site"),
            List.of(Field.number("on_time"), Field.number("in_full"), Field.number("lead_time_hours"),
                    Field.number("lateness_hours")),
            Clock.EVENT_TIME,
            "one point per PO closed by its receipt, at the receipt; on time = received by the original promise");

    public static final Measurement WORK_ORDERS = new Measurement("scem_work_orders",
            List.of("site"),
            List.of(Field.number("on_time"), Field.number("in_full"), Field.number("lead_time_hours"),
                    Field.number("lateness_hours")),
            Clock.EVENT_TIME,
            "one point per completed work order (release to completion), at its completion");

    public static final Measurement SHIPMENTS = new Measurement("scem_shipments",
            List.of("carrier", "site"),
            List.of(Field.number("on_time"), Field.number("transit_hours"), Field.number("lateness_hours")),
            Clock.EVENT_TIME,
            "one point per delivered shipment (dispatch to delivery, against promisedAt), at its delivery");

    public static final Measurement ORDERS = new Measurement("scem_orders",
            List.of("site", "customer", "carrier"),
            List.of(Field.number("on_time"), Field.number("in_full"), Field.number("otif"), Field.number("perfect"),
                    Field.number("fill_rate"), Field.number("cycle_time_hours"), Field.number("revenue"),
                    Field.number("product_cost"), Field.number("handling_cost"), Field.number("transport_cost"),
                    Field.number("expedite_cost"), Field.number("exception_cost"), Field.number("penalty_cost"),
                    Field.number("cost_to_serve"), Field.number("margin")),
            Clock.EVENT_TIME,
            "one point per customer order delivered (placement to delivery of its shipment); in full ="
                    + " issued >= ordered; fill_rate = min(issued, ordered) / ordered; perfect = on time, in full and"
                    + " no shipment exception; revenue, the costs and margin (rules/costs.yaml) when it could be priced");

    public static final Measurement ALERTS = new Measurement("scem_alerts",
            List.of("rule", "status", "severity", "stage", "subtask"), List.of(Field.number("count")),
            Clock.EVENT_TIME,
            "per event-time minute: alerts raised (status FIRING) and resolved (RESOLVED)");

    public static final Measurement ALERTS_OPEN = new Measurement("scem_alerts_open",
            List.of("rule", "severity", "stage"), List.of(Field.number("open")), Clock.EVENT_TIME,
            "alerts open now, at each event-time minute in which the number changed (query with last())");

    public static final Measurement ALERT_RESOLUTIONS = new Measurement("scem_alert_resolutions",
            List.of("rule", "severity", "stage"), List.of(Field.number("minutes")), Clock.EVENT_TIME,
            "one point per RESOLVED alert, at its time: minutes from firing to resolution");

    public static final Measurement ALERT_LOG = new Measurement("scem_alert_log",
            List.of("rule", "severity", "stage", "status", "site"),
            List.of(Field.string("message"), Field.string("key"), Field.number("value")),
            Clock.EVENT_TIME,
            "one point per alert FIRING or RESOLVED, at its time: the text of Grafana's annotations");

    public static final Measurement RULE_FAILURES = new Measurement("scem_rule_failures",
            List.of("statement", "subtask"), List.of(Field.number("count")), Clock.EVENT_TIME,
            "per minute: failures of rule statements at run time, each skipped for that fact (rules/README.md,"
                    + " \"Errors at run time\"); statement = file#name, or \"filter on Type\" for a filter; written"
                    + " only while a rule fails");

    public static final Measurement PIPELINE = new Measurement("scem_pipeline",
            List.of("job"),
            List.of(Field.number("watermark_lag_ms"), Field.number("alert_latency_p50_ms"),
                    Field.number("alert_latency_p99_ms"), Field.number("checkpoint_duration_ms"),
                    Field.number("consumer_lag_records")),
            Clock.WALL_CLOCK,
            "every 10 s; checkpoint_duration_ms per completed checkpoint, consumer_lag_records only when"
                    + " reading Kafka");

    public static final Measurement METRICS_WRITER = new Measurement("scem_metrics_writer",
            List.of("job", "subtask"),
            List.of(Field.number("written"), Field.number("dropped"), Field.number("failed_batches"),
                    Field.number("buffered")),
            Clock.WALL_CLOCK,
            "every 10 s: points written and dropped and batches failed in the last 10 s; points waiting");

    public static final Measurement NOTIFICATIONS = new Measurement("scem_notifications",
            List.of("receiver", "channel", "status"), List.of(Field.number("count"), Field.number("attempts")),
            Clock.WALL_CLOCK,
            "one point per notification outcome (notifier job); status SENT, ALREADY_SENT, UNDELIVERED,"
                    + " REJECTED, DROPPED or FAILED");

    /** Every measurement, in the order of {@code dashboards/README.md}. */
    public static final List<Measurement> ALL = List.of(EVENTS, DEAD_LETTERS, DUPLICATES, STOCK, STOCK_OUTS,
            SUPPLIER_DELIVERIES, WORK_ORDERS, SHIPMENTS, ORDERS, ALERTS, ALERTS_OPEN, ALERT_RESOLUTIONS, ALERT_LOG,
            RULE_FAILURES, PIPELINE, METRICS_WRITER, NOTIFICATIONS);

    /** Values of the {@code job} tag. */
    public static final List<String> JOBS = List.of("monitoring", "notifier");

    private static final Map<String, Measurement> BY_NAME = new LinkedHashMap<>();

    static {
        for (Measurement m : ALL) {
            BY_NAME.put(m.name(), m);
        }
    }

    private MetricSchema() {}

    /** The measurement of that name, if SCEM writes it. */
    public static Optional<Measurement> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
