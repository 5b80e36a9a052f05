import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The yardstick, "a hand-written Flink job with keyed timers", for the four foundation
 * rules over the benchmark's month: what a user would write instead of SCEM, to measure both on
 * the same machine in the same hour. Not part of SCEM's build; bench/reference/run.sh compiles it
 * against the jobs module's classpath and runs it with ./scem's JVM settings.
 *
 * <p>Jackson parses each line; each event goes to the stock (site|sku) and to the PO, work order
 * or shipment it names, keyed; a keyed function keeps the on-hand or the deadline in value state
 * and an event-time timer per deadline (5 minutes of out-of-order bound). What it leaves out, as
 * such a job would: no eventId de-duplication, no dead letters (a line that is not JSON is
 * skipped; the benchmark's month has none), by default no re-ordering within the bound (events
 * apply in arrival order), no episodes, evidence or messages, no rule files. Its alerts are
 * counted and written as {@code rule key status at} lines.
 *
 * <p>Applying events in arrival order is also where it is wrong: a delivery (receipt, completion)
 * that comes after its deadline, but before the watermark has passed the deadline, deletes the
 * timer, and the late episode is never raised. How many depends on when watermarks happen to be
 * emitted (every 200 ms of wall clock), so its alerts differ from run to run. With {@code
 * event-time} as the fourth argument each event waits in map state until the watermark passes
 * it (a timer per event time) and applies before a deadline of the same instant: the month's
 * alerts are then the oracle's, the yardstick made right.
 */
public final class HandWrittenFlinkJob {

    /** One event's effect on one keyed entity. */
    public static final class Change {
        public String key;
        public int kind; // STOCK_SET, STOCK_ADD, DEADLINE, DONE
        public String rule;
        public long at;
        public long value; // the quantity, or the deadline

        public Change() {}

        Change(String key, int kind, String rule, long at, long value) {
            this.key = key;
            this.kind = kind;
            this.rule = rule;
            this.at = at;
            this.value = value;
        }
    }

    static final int STOCK_SET = 0;
    static final int STOCK_ADD = 1;
    static final int DEADLINE = 2;
    static final int DONE = 3;

    /** A line to the entities it changes. */
    static final class Route implements FlatMapFunction<String, Change> {
        private transient ObjectMapper json;

        @Override
        public void flatMap(String line, Collector<Change> out) {
            if (json == null) json = new ObjectMapper();
            JsonNode e;
            try {
                e = json.readTree(line);
            } catch (IOException bad) {
                return;
            }
            String type = e.path("type").asText();
            long at = Instant.parse(e.path("occurredAt").asText()).toEpochMilli();
            String stock = e.path("site").asText() + "|" + e.path("sku").asText();
            long quantity = e.path("quantity").asLong();
            switch (type) {
                case "STOCK_COUNTED" -> out.collect(new Change(stock, STOCK_SET, "STOCK_OUT", at, quantity));
                case "STOCK_ADJUSTED" -> out.collect(new Change(stock, STOCK_ADD, "STOCK_OUT", at, quantity));
                case "GOODS_ISSUED" -> out.collect(new Change(stock, STOCK_ADD, "STOCK_OUT", at, -quantity));
                case "GOODS_RECEIVED" -> {
                    out.collect(new Change(stock, STOCK_ADD, "STOCK_OUT", at, quantity));
                    if (e.hasNonNull("poId")) out.collect(new Change(e.get("poId").asText(), DONE, "SUPPLIER_LATE", at, 0));
                }
                case "PO_PLACED", "PO_CONFIRMED", "PO_SHIPPED" -> out.collect(new Change(e.path("poId").asText(), DEADLINE,
                        "SUPPLIER_LATE", at, Instant.parse(e.path("expectedAt").asText()).toEpochMilli()));
                case "WORK_ORDER_RELEASED" -> out.collect(new Change(e.path("workOrderId").asText(), DEADLINE,
                        "PRODUCTION_LATE", at, Instant.parse(e.path("dueAt").asText()).toEpochMilli()));
                case "WORK_ORDER_COMPLETED" -> out.collect(new Change(e.path("workOrderId").asText(), DONE,
                        "PRODUCTION_LATE", at, 0));
                case "SHIPMENT_DISPATCHED" -> out.collect(new Change(e.path("shipmentId").asText(), DEADLINE,
                        "DELIVERY_LATE", at, Instant.parse(e.path("promisedAt").asText()).toEpochMilli()));
                case "SHIPMENT_DELIVERED" -> out.collect(new Change(e.path("shipmentId").asText(), DONE,
                        "DELIVERY_LATE", at, 0));
                default -> {}
            }
        }
    }

    /** What one entity keeps: the on-hand, or the deadline and whether it was met. */
    public static final class Entity {
        public long onHand;
        public long deadline = Long.MIN_VALUE;
        public boolean done;
        public boolean firing;
        public String rule;
    }

    /**
     * The four rules, on keyed state and event-time timers. In arrival order (what such a job
     * usually does) an event applies when it comes; in event-time order it waits, in map state
     * by its time, for the watermark to pass it, as SCEM's events do (a timer per event time).
     */
    static final class Rules extends KeyedProcessFunction<String, Change, String> {
        private final boolean inEventTimeOrder;
        private transient ValueState<Entity> state;
        private transient MapState<Long, List<Change>> waiting;
        /** The newest event time seen: at the end of the input no deadline after it fires (as in SCEM's replay). */
        private transient long newest = Long.MIN_VALUE;

        Rules(boolean inEventTimeOrder) {
            this.inEventTimeOrder = inEventTimeOrder;
        }

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("entity", Entity.class));
            waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.LONG,
                    Types.LIST(Types.POJO(Change.class))));
        }

        @Override
        public void processElement(Change c, Context ctx, Collector<String> out) throws Exception {
            newest = Math.max(newest, c.at);
            if (!inEventTimeOrder) {
                apply(c, ctx, out);
                return;
            }
            List<Change> at = waiting.get(c.at);
            if (at == null) at = new ArrayList<>();
            at.add(c);
            waiting.put(c.at, at);
            ctx.timerService().registerEventTimeTimer(c.at);
        }

        private void apply(Change c, Context ctx, Collector<String> out) throws Exception {
            Entity e = state.value();
            if (e == null) {
                e = new Entity();
                e.rule = c.rule;
            }
            switch (c.kind) {
                case STOCK_SET, STOCK_ADD -> {
                    long before = e.onHand;
                    e.onHand = c.kind == STOCK_SET ? c.value : e.onHand + c.value;
                    if (before > 0 && e.onHand <= 0) {
                        e.firing = true;
                        out.collect("STOCK_OUT " + c.key + " FIRING " + c.at);
                    } else if (e.firing && e.onHand > 0) {
                        e.firing = false;
                        out.collect("STOCK_OUT " + c.key + " RESOLVED " + c.at);
                    }
                }
                case DEADLINE -> {
                    if (e.done || e.firing) break; // a new promise after the deadline passed is no new episode
                    // In event-time order the old deadline's timer may also be a waiting event's (one
                    // timer per key and instant): it stays, and onTimer skips a deadline no longer the entity's.
                    if (e.deadline != Long.MIN_VALUE && !inEventTimeOrder) ctx.timerService().deleteEventTimeTimer(e.deadline);
                    e.deadline = c.value;
                    ctx.timerService().registerEventTimeTimer(e.deadline);
                }
                case DONE -> {
                    e.done = true;
                    if (e.deadline != Long.MIN_VALUE && !inEventTimeOrder) ctx.timerService().deleteEventTimeTimer(e.deadline);
                    if (e.firing) {
                        e.firing = false;
                        out.collect(e.rule + " " + c.key + " RESOLVED " + c.at);
                    }
                }
                default -> throw new IllegalStateException("kind " + c.kind);
            }
            state.update(e);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            if (inEventTimeOrder) {
                // the events of this instant first: one that completes at its deadline is on time
                List<Change> due = waiting.get(timestamp);
                if (due != null) {
                    waiting.remove(timestamp);
                    for (Change c : due) apply(c, ctx, out);
                }
            }
            Entity e = state.value();
            if (e == null || e.done || e.firing || e.deadline != timestamp || timestamp >= newest) return;
            e.firing = true;
            state.update(e);
            out.collect(e.rule + " " + ctx.getCurrentKey() + " FIRING " + timestamp);
        }
    }

    /** Alerts as lines in one file (the job's only sink: parallelism 1). */
    static final class LinesSink implements Sink<String> {
        private final String path;

        LinesSink(String path) {
            this.path = path;
        }

        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
            BufferedWriter out = Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8);
            return new SinkWriter<>() {
                @Override
                public void write(String line, Context context) throws IOException {
                    out.write(line);
                    out.newLine();
                }

                @Override
                public void flush(boolean endOfInput) throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }
    }

    public static void main(String[] args) throws Exception {
        Path events = Path.of(args[0]);
        Path alerts = Path.of(args[1]);
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        boolean inEventTimeOrder = args.length > 3 && args[3].equals("event-time");
        Configuration conf = new Configuration();
        // the same network memory as ./scem's embedded cluster at parallelism 2
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(16));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(16));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);

        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        env.fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                                new org.apache.flink.core.fs.Path(events.toUri())).build(),
                        WatermarkStrategy.noWatermarks(), "events").setParallelism(1)
                .flatMap(new Route()).setParallelism(1)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Change>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                        .withTimestampAssigner((c, previous) -> c.at)).setParallelism(1)
                .keyBy(c -> c.key)
                .process(new Rules(inEventTimeOrder))
                .sinkTo(new LinesSink(alerts.toString())).setParallelism(1);
        env.execute("hand-written four rules");
        double seconds = (System.nanoTime() - start) / 1e9;
        // read now: counting the files' lines below is not the job's work
        double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
        long lines;
        try (var s = Files.lines(events)) {
            lines = s.count();
        }
        long alertLines;
        try (var s = Files.lines(alerts)) {
            alertLines = s.count();
        }
        System.out.printf("hand-written Flink job, events in %s order: %,d events in %.1f s = %,.0f events/s (parallelism %d),"
                + " %,d alerts%n", inEventTimeOrder ? "event-time" : "arrival", lines, seconds, lines / seconds, parallelism,
                alertLines);
        System.out.printf("CPU: %.1f s, every thread; peak RSS %,d MB%n", cpuSeconds, peakRssMb());
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
        return -1;
    }
}
