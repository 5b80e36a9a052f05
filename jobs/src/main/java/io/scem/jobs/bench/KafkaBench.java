package io.scem.jobs.bench;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.event.SupplyEvent;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.KafkaIo;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.MonitoringJobMain;
import io.scem.jobs.monitoring.ScemConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code scem bench --kafka BOOTSTRAP}: the production wiring ({@link MonitoringJobMain#build},
 * exactly-once alerts, checkpoints) on an embedded Flink, fed through a real broker by a producer
 * thread running the benchmark simulator, with a consumer on {@code scem.alerts}.
 *
 * <ul>
 *   <li><b>Job throughput</b> is read from the job's own progress: the offsets its Kafka source
 *       commits for its consumer group when a checkpoint completes. A committed offset means every
 *       record before it went through the whole pipeline (a checkpoint completes only after all
 *       operators saw the barrier), so the rate of committed offsets is what the job sustains,
 *       not what the producer managed to write.
 *   <li><b>Event-to-alert latency</b>: the producer notes the wall-clock time just before it
 *       sends each event (a ring indexed by the simulator's sequence, {@code ev-N}); the alerts
 *       consumer ({@code isolation.level=read_uncommitted}) takes each FIRING STOCK_OUT, whose
 *       evidence is the warehouse event that emptied the shelf, and measures receive time − send
 *       time. Exactly-once sink records are in the log as soon as written; a {@code
 *       read_committed} reader would additionally wait for the checkpoint that commits them (up
 *       to one checkpoint interval, plus the commit).
 * </ul>
 */
public final class KafkaBench {
    /** Send times kept for the newest this-many events (32 MB); older alerts count as unmatched. */
    private static final int RING = 1 << 22;
    /** Latencies are also shown per this much send time, to tell the warm-up from what the job sustains. */
    private static final long LATENCY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);

    public record Options(
            String bootstrap, Path rules, int parallelism, SimulationConfig world, long rate, long maxEvents, Duration duration,
            Duration outOfOrderBound, Duration idleTimeout, Duration checkpointInterval, int partitions, boolean preload,
            Duration watermarkInterval, Duration bufferTimeout, Duration warmup, Soak soak, boolean followOrders,
            String flinkCluster) {}

    /**
     * A soak run: the paced producer runs for {@code duration}; every {@code sampleEvery} the job's
     * lag, live heap and latest checkpoint are sampled (see {@link SoakSampler}), read from Flink's
     * REST endpoint at {@code flinkRestUrl}; samples in the first {@code warmup} are not judged.
     */
    public record Soak(Duration sampleEvery, Duration warmup, String flinkRestUrl) {}

    private final Options o;
    private final long[] sentNanos = new long[RING];
    private final AtomicLong produced = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile long firstEventTime = Long.MIN_VALUE;
    private volatile long lastEventTime = Long.MIN_VALUE;
    private volatile long producerStartNanos;
    private volatile long producerEndNanos;
    private volatile Throwable producerFailure;
    private PartitionTimeLag partitionLag;

    public KafkaBench(Options options) {
        this.o = options;
    }

    public int run(StreamExecutionEnvironment env, RuleSet rules) throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        String group = "scem-bench-" + runId;
        Path checkpoints = Files.createTempDirectory("scem-bench-checkpoints");
        boolean flat = true;
        JobSettings settings = JobSettings.defaults()
                .withOutOfOrderBound(o.outOfOrderBound())
                .withIdleTimeout(o.idleTimeout())
                .withFollowOrders(o.followOrders())
                .withCheckpoints(o.checkpointInterval(), checkpoints.toUri().toString());
        ScemConfig config = new ScemConfig(KafkaConnection.plaintext(o.bootstrap()), group, o.rules(), Duration.ZERO, null, settings,
                o.parallelism(), o.watermarkInterval(), o.bufferTimeout());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap()))) {
            createTopics(admin);
            // The job starts where the topics end now: a fresh group whose offsets point at the end.
            Map<TopicPartition, Long> start = endOffsets(admin, Topics.INPUTS);
            Map<TopicPartition, OffsetAndMetadata> startCommit = new HashMap<>();
            start.forEach((tp, off) -> startCommit.put(tp, new OffsetAndMetadata(off)));
            admin.alterConsumerGroupOffsets(group, startCommit).all().get(30, TimeUnit.SECONDS);
            long startTotal = sum(start);
            Map<String, Integer> partitionsByTopic = new HashMap<>();
            start.keySet().forEach(tp -> partitionsByTopic.merge(tp.topic(), 1, Integer::sum));
            partitionLag = new PartitionTimeLag(partitionsByTopic);

            AlertsReader alerts = new AlertsReader();
            Thread alertsThread = new Thread(alerts, "scem-bench-alerts");
            alertsThread.setDaemon(true);
            alertsThread.start();
            alerts.ready.await();

            Thread producer = new Thread(this::produce, "scem-bench-producer");
            producer.setDaemon(true);
            System.out.printf("scem bench --kafka %s: %d sites x %d SKUs, %s, %s, %s, parallelism %d, "
                            + "out-of-order bound %s, idle timeout %s, checkpoints every %s, watermarks every %s, "
                            + "buffer timeout %s, exactly-once alerts, group %s%n",
                    o.bootstrap(), o.world().sites(), o.world().skusPerSite(),
                    o.rate() > 0 ? String.format("paced at %,d events/s", o.rate()) : "as fast as possible",
                    inputPartitions(partitionsByTopic, o.partitions()),
                    o.flinkCluster() == null ? "embedded Flink" : "on the Flink cluster at " + o.flinkCluster(),
                    o.parallelism(), human(o.outOfOrderBound()), human(o.idleTimeout()), human(o.checkpointInterval()),
                    o.watermarkInterval() == null ? "200ms (Flink's default)" : human(o.watermarkInterval()),
                    o.bufferTimeout() == null ? "100ms (Flink's default)" : human(o.bufferTimeout()), group);
            if (o.soak() != null) {
                System.out.printf("soak for %s, a sample every %s (live heap after a full GC), the first %s not judged; "
                                + "max heap %,d MB; checkpoints to %s; load average %s%n",
                        human(o.duration()), human(o.soak().sampleEvery()), human(o.soak().warmup()),
                        Runtime.getRuntime().maxMemory() >> 20, checkpoints, SoakSampler.loadAverage());
            }
            if (o.preload()) {
                System.out.printf("preloading %,d events...%n", o.maxEvents());
                producer.start();
                producer.join();
                if (producerFailure != null) throw new RuntimeException("producer failed", producerFailure);
                System.out.printf("preloaded %,d events in %.1f s (%,.0f events/s)%n", produced.get(),
                        (producerEndNanos - producerStartNanos) / 1e9,
                        produced.get() / ((producerEndNanos - producerStartNanos) / 1e9));
            }

            ProcessMemory.resetPeaks();
            MonitoringJobMain.build(env, config, rules);
            JobClient job = env.executeAsync(o.soak() != null ? "scem soak (kafka)" : "scem bench (kafka)");
            long submitted = System.nanoTime();
            if (!o.preload()) {
                // Let the job come up (tasks deployed, rules compiled, partitions assigned) before
                // events flow, so that start-up is not measured as a backlog.
                while (job.getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING) Thread.sleep(100);
                Thread.sleep(o.warmup().toMillis());
                System.out.printf("job running; producer starts %.1f s after submission%n", (System.nanoTime() - submitted) / 1e9);
                producer.start();
            }
            long jobStart = System.nanoTime();
            SoakSampler soak = o.soak() == null ? null
                    : new SoakSampler(o.bootstrap(), group, o.soak().flinkRestUrl(), job.getJobID(), System.out);
            long nextSoakSample = jobStart + (soak == null ? 0 : o.soak().sampleEvery().toNanos());

            // Sample the job's committed progress once a second.
            List<long[]> samples = new ArrayList<>(); // {nanos, consumed}
            long deadline = jobStart + o.duration().toNanos();
            long lastReport = jobStart;
            boolean producing = !o.preload();
            while (true) {
                Thread.sleep(1000);
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    System.out.println("the job stopped: " + job.getJobStatus().get());
                    break;
                }
                long now = System.nanoTime();
                long consumed = sum(committed(admin, group)) - startTotal;
                samples.add(new long[] {now, consumed});
                if (soak != null && producing && now >= nextSoakSample) {
                    soak.sample((now - jobStart) / 1e9, lastEventTime, produced.get(), consumed, alerts.alerts.get());
                    // A sample that took longer than the interval (a long GC) delays the next, never bunches them.
                    nextSoakSample = Math.max(nextSoakSample + o.soak().sampleEvery().toNanos(), System.nanoTime());
                } else if (soak == null && now - lastReport >= 5_000_000_000L) {
                    lastReport = now;
                    System.out.printf("[%3.0f s] produced %,d | job consumed %,d (committed at checkpoints) | lag %,d | "
                                    + "alerts %,d | latency samples %,d%n",
                            (now - jobStart) / 1e9, produced.get(), consumed, produced.get() - consumed,
                            alerts.alerts.get(), alerts.latencies.count());
                }
                if (producerFailure != null) throw new RuntimeException("producer failed", producerFailure);
                if (producing && now >= deadline) {
                    stop.set(true);
                    producer.join();
                    producing = false;
                }
                boolean producerDone = !producer.isAlive();
                if (producerDone && consumed >= produced.get()) break; // caught up with everything sent
                if (now >= deadline + TimeUnit.SECONDS.toNanos(o.preload() ? 600 : 30)) {
                    System.out.println("giving up waiting for the job to catch up");
                    break;
                }
            }
            Thread.sleep(1000 + o.checkpointInterval().toMillis()); // the last alerts
            long peakHeap = ProcessMemory.peakHeapMb();
            long peakRss = ProcessMemory.peakRssMb();
            job.cancel().get(30, TimeUnit.SECONDS);
            alerts.stop.set(true);
            alertsThread.join(5000);
            report(samples, jobStart, alerts, peakHeap, peakRss);
            if (soak != null) {
                try (soak) {
                    flat = soak.finish(o.soak().warmup().toSeconds(), o.rate() * o.checkpointInterval().toMillis() / 1000,
                            firstEventTime);
                }
                System.out.println("load average at the end: " + SoakSampler.loadAverage());
            }
        } finally {
            stop.set(true);
            deleteRecursively(checkpoints);
        }
        return flat ? 0 : 1;
    }

    private void report(List<long[]> samples, long jobStart, AlertsReader alerts, long peakHeap, long peakRss) {
        long total = produced.get();
        double produceSeconds = (producerEndNanos - producerStartNanos) / 1e9;
        System.out.println();
        System.out.printf("producer: %,d events in %.1f s = %,.0f events/s%s%n", total, produceSeconds, total / produceSeconds,
                o.rate() > 0 ? String.format(" (target %,d)", o.rate()) : "");

        // Sustained job rate: from the first sample with progress (the job is up, Esper compiled)
        // to the last sample before it caught up with the producer (or the end).
        int first = -1;
        int last = -1;
        for (int i = 0; i < samples.size(); i++) {
            if (first < 0 && samples.get(i)[1] > 0) first = i;
            if (first >= 0 && (last < 0 || samples.get(i)[1] > samples.get(last)[1])) last = i;
        }
        if (first >= 0 && last > first) {
            long[] a = samples.get(first);
            long[] b = samples.get(last);
            double seconds = (b[0] - a[0]) / 1e9;
            double rate = (b[1] - a[1]) / seconds;
            // The best 10 s window, for a run whose start includes warm-up (JIT, Esper compile).
            double best = 0;
            for (int i = first; i < last; i++) {
                for (int j = i + 1; j <= last; j++) {
                    if (samples.get(j)[0] - samples.get(i)[0] >= 10_000_000_000L) {
                        best = Math.max(best, (samples.get(j)[1] - samples.get(i)[1])
                                / ((samples.get(j)[0] - samples.get(i)[0]) / 1e9));
                        break;
                    }
                }
            }
            boolean kept = o.rate() <= 0 && !o.preload() && Math.abs(rate - total / produceSeconds) < 0.05 * rate;
            System.out.printf("job: %,d events consumed in %.1f s = %,.0f events/s sustained (best 10 s window %,.0f events/s)%s%n",
                    b[1] - a[1], seconds, rate, best,
                    kept ? "; the job kept up with the producer, so this is the offered load, not the job's limit" : "");
            if (o.rate() > 0) {
                System.out.printf("     %s%n", rate >= 0.95 * o.rate()
                        ? "the job kept up with the paced producer" : String.format("the job fell behind the paced producer (%.0f%% of it)", 100 * rate / o.rate()));
            }
            System.out.printf("     (from the offsets the job commits at each completed checkpoint: %,d of %,d events done; "
                    + "first progress %.1f s after the %s)%n", b[1], total, (a[0] - jobStart) / 1e9,
                    o.preload() ? "submission" : "producer started");
        } else {
            System.out.println("job: not enough progress samples for a rate");
        }

        LatencyBySendTime.Window all = alerts.latencies.all(producerStartNanos, producerEndNanos);
        System.out.printf("alerts: %,d received (%,d FIRING STOCK_OUT matched to an event of this run, %,d unmatched)%n",
                alerts.alerts.get(), all.count(), alerts.unmatched.get());
        if (all.count() > 0) {
            System.out.printf("event-to-alert latency (send -> alert readable, read_uncommitted): %s%n", summary(all));
            LatencyBySendTime.Window secondHalf = alerts.latencies.secondHalf(producerStartNanos, producerEndNanos);
            if (secondHalf.count() > 0) {
                System.out.printf("  events sent in the second half of the run (from %.0f s): %s%n",
                        secondHalf.fromNanos() / 1e9, summary(secondHalf));
            }
            System.out.println("  by when the event was sent:");
            for (LatencyBySendTime.Window w : alerts.latencies.windows(producerStartNanos, producerEndNanos, LATENCY_WINDOW_NANOS)) {
                System.out.printf("    %3.0f-%3.0f s: %s%n", w.fromNanos() / 1e9, w.toNanos() / 1e9, summary(w));
            }
            if (o.rate() <= 0) {
                System.out.println("  (throughput mode: these latencies include the job's backlog; use --rate for latency)");
            }
        }
        if (firstEventTime != Long.MIN_VALUE && produceSeconds > 0) {
            double simPerWall = (lastEventTime - firstEventTime) / 1000.0 / produceSeconds;
            System.out.printf("event time: %.1f h of simulated time in %.1f s of wall time (%,.0fx)%n",
                    (lastEventTime - firstEventTime) / 3.6e6, produceSeconds, simPerWall);
            long bound = o.outOfOrderBound().toMillis();
            if (partitionLag.sampleCount() > 0 && o.rate() > 0) {
                long p50 = partitionLag.percentileMillis(50);
                long p99 = partitionLag.percentileMillis(99);
                // The wait below is a floor under the latency that no speed of the job removes.
                System.out.printf("     the job holds each event until the watermark passes it; the watermark trails the "
                                + "newest event by the bound (%s) plus how long ago, in event time, the input partition "
                                + "that heard least recently had its newest event (sparse topics): p50 %.0f s, p99 %.0f s "
                                + "here; at this pace that is a wait of ~%.0f ms (p50) / ~%.0f ms (p99) of wall time, plus "
                                + "the watermark interval; %s%n",
                        human(o.outOfOrderBound()), p50 / 1e3, p99 / 1e3, (bound + p50) / simPerWall,
                        (bound + p99) / simPerWall, o.idleTimeout().isZero()
                                ? "with no idle timeout a quiet partition holds it back until it hears again"
                                : String.format("a partition quiet for the idle timeout (%s of wall time, %.0f s of event time "
                                        + "here) stops holding it back", human(o.idleTimeout()),
                                        o.idleTimeout().toMillis() * simPerWall / 1e3));
            }
        }
        System.out.printf("memory: %s, peak RSS %,d MB (this JVM: %s; the broker is another process)%n",
                ProcessMemory.describePeakHeap(peakHeap), peakRss,
                o.flinkCluster() == null ? "Flink + job + producer + consumer" : "producer + consumer; the job runs in the cluster's TaskManagers");
    }

    private static String summary(LatencyBySendTime.Window w) {
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms over %,d alerts",
                w.percentile(50) / 1e6, w.percentile(99) / 1e6, w.max() / 1e6, w.count());
    }

    // ---- producer ----

    private void produce() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, o.rate() > 0 ? "1" : "10");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L << 20));
        SupplyChainSimulator simulator = new SupplyChainSimulator(o.world());
        long rate = o.preload() ? 0 : o.rate();
        long limit = o.maxEvents() > 0 ? o.maxEvents() : Long.MAX_VALUE;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long start = System.nanoTime();
            producerStartNanos = start;
            long n = 0;
            while (!stop.get() && n < limit) {
                SupplyEvent e = simulator.next();
                byte[] json = SupplyChainSimulator.toJson(e).getBytes(StandardCharsets.UTF_8);
                if (rate > 0) {
                    long due = start + n * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 200_000) LockSupport.parkNanos(wait);
                }
                if (firstEventTime == Long.MIN_VALUE) firstEventTime = e.occurredAt;
                lastEventTime = e.occurredAt;
                ProducerRecord<byte[], byte[]> record = KafkaIo.eventRecord(e, json);
                partitionLag.sent(record.topic(), record.key(), e.occurredAt);
                sentNanos[(int) (e.sequence & (RING - 1))] = System.nanoTime();
                producer.send(record);
                produced.set(++n);
            }
            producer.flush();
        } catch (Throwable t) {
            producerFailure = t;
        } finally {
            producerEndNanos = System.nanoTime();
        }
    }

    // ---- alerts consumer ----

    private final class AlertsReader implements Runnable {
        final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong alerts = new AtomicLong();
        final AtomicLong unmatched = new AtomicLong();
        final LatencyBySendTime latencies = new LatencyBySendTime();

        @Override
        public void run() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> parts = consumer.partitionsFor(Topics.ALERTS).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(parts);
                consumer.seekToEnd(parts);
                for (TopicPartition tp : parts) consumer.position(tp); // resolve now, before anything is sent
                ready.countDown();
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long received = System.nanoTime();
                        alerts.incrementAndGet();
                        Alert a = AlertJson.read(new String(r.value(), StandardCharsets.UTF_8));
                        if (!a.isFiring() || !"STOCK_OUT".equals(a.rule) || a.evidence == null || a.evidence.length == 0) {
                            continue;
                        }
                        long seq = sequence(a.evidence[0]);
                        long sent = seq > 0 && seq <= produced.get() && seq > produced.get() - RING
                                ? sentNanos[(int) (seq & (RING - 1))] : 0;
                        if (sent == 0) {
                            unmatched.incrementAndGet();
                        } else {
                            latencies.add(sent, received - sent);
                        }
                    }
                }
            } catch (Exception e) {
                System.err.println("alerts consumer failed: " + e);
            } finally {
                ready.countDown();
            }
        }
    }

    private static long sequence(String eventId) {
        if (eventId == null || !eventId.startsWith("ev-")) return -1;
        try {
            return Long.parseLong(eventId, 3, eventId.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- Kafka admin ----

    private void createTopics(Admin admin) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String t : Topics.INPUTS) {
            if (!existing.contains(t)) missing.add(new NewTopic(t, o.partitions(), (short) 1));
        }
        for (String t : List.of(Topics.ALERTS, Topics.DEAD_LETTER, Topics.ATP_DECISIONS)) {
            if (!existing.contains(t)) missing.add(new NewTopic(t, 2, (short) 1));
        }
        if (!existing.contains(Topics.ATP)) {
            missing.add(new NewTopic(Topics.ATP, 2, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        }
        if (missing.isEmpty()) return;
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            System.out.println("created topics " + missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
            out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .forEach((tp, om) -> { if (om != null) out.put(tp, om.offset()); });
        return out;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }



    /**
     * How many partitions the input topics have, as found: topics that a run before made keep
     * their count, whatever {@code --partitions} (the {@code asked} count) says now.
     */
    static String inputPartitions(Map<String, Integer> partitionsByTopic, int asked) {
        Set<Integer> counts = new TreeSet<>(partitionsByTopic.values());
        String found = counts.size() == 1 ? counts.iterator().next() + " partitions per input topic"
                : "partitions per input topic " + new TreeMap<>(partitionsByTopic);
        return counts.equals(Set.of(asked)) ? found
                : found + " (the topics existed: --partitions " + asked + " applies only to topics the bench creates)";
    }

    private static String human(Duration d) {
        if (d.isZero()) return "0s";
        if (d.toMillis() % 3_600_000 == 0) return d.toHours() + "h";
        if (d.toMillis() % 60_000 == 0) return d.toMinutes() + "m";
        if (d.toMillis() % 1000 == 0) return d.toSeconds() + "s";
        return d.toMillis() + "ms";
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir; best effort
        }
    }
}
