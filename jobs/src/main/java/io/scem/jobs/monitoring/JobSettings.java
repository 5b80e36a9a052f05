package io.scem.jobs.monitoring;

import io.scem.core.rules.LocalMonitor;
import java.io.Serializable;
import java.time.Duration;

/**
 * What tunes the monitoring job, parsed once by the command line and handed to operators.
 *
 * @param outOfOrderBound how late an event may arrive (behind the newest of its partition) and
 *     still be processed in event-time order; later ones go to the dead-letter topic as "late"
 * @param dedupHorizon how long (event time) an eventId is remembered to drop its duplicates
 * @param closedEntityRetention how long (event time) a closed PO, work order, shipment or order
 *     is kept after closing, so that its stragglers do not reopen it
 * @param checkpointInterval how often Flink checkpoints (exactly-once alerts commit then); zero
 *     for none (a replay, which is simply run again if it fails)
 * @param checkpointDir where checkpoints go (a file:// or other Flink file system URI), or null
 *     to keep what the Flink cluster is configured with
 * @param idleTimeout how long (wall clock) an input partition may go without events before it is
 *     marked idle and stops holding back the watermark; zero for never (a replay, which reads one
 *     file). See {@link MonitoringJob#watermarks} for the trade-off.
 * @param correlationThreshold how many alerts of one supplier (or carrier) within the flood
 *     window raise a root-cause alert that explains them (see {@link io.scem.core.alert.Correlation})
 * @param idleEntityTtl how long (event time) an open PO, work order, shipment or order may hear
 *     nothing before it is forgotten (see {@link io.scem.core.entity.IdleEntities}); zero: never
 * @param atpHorizon how far ahead of an order's placement the ATP book looks for the earliest date
 *     its site can promise it (see {@link io.scem.core.atp.AvailableToPromise})
 * @param atpPublishInterval how often (wall clock) the ATP book publishes the latest profile of the
 *     stocks that changed (the compacted {@code scem.atp}); zero: only at the end of a bounded input
 *     (a replay, which keeps only the last profile of each stock)
 * @param followOrders whether the job follows customer orders beyond the rules: the available-to-
 *     promise book (ATP decisions and profiles, ORDER_AT_RISK) and the order status stage (order
 *     statuses, order KPIs). Off, orders are still entities the rules see, and the job is a monitor
 *     of stock-outs and delays alone, at about half of the CPU in the benchmark's world: for
 *     backtests of rules, or a deployment that has no use for the order outputs
 */
public record JobSettings(
        Duration outOfOrderBound, Duration dedupHorizon, Duration closedEntityRetention, Duration checkpointInterval,
        String checkpointDir, Duration idleTimeout, int correlationThreshold, Duration idleEntityTtl, Duration atpHorizon,
        Duration atpPublishInterval, boolean followOrders) implements Serializable {

    /** The default ATP horizon (30 days). */
    public static final Duration DEFAULT_ATP_HORIZON = Duration.ofMillis(io.scem.core.atp.AtpProfile.DEFAULT_HORIZON);
    /** Publishing the changed profiles every second keeps {@code scem atp} a second behind at most. */
    public static final Duration DEFAULT_ATP_PUBLISH_INTERVAL = Duration.ofSeconds(1);

    /** With the default ATP horizon and publish interval, following orders. */
    public JobSettings(Duration outOfOrderBound, Duration dedupHorizon, Duration closedEntityRetention,
            Duration checkpointInterval, String checkpointDir, Duration idleTimeout, int correlationThreshold,
            Duration idleEntityTtl) {
        this(outOfOrderBound, dedupHorizon, closedEntityRetention, checkpointInterval, checkpointDir, idleTimeout,
                correlationThreshold, idleEntityTtl, DEFAULT_ATP_HORIZON, DEFAULT_ATP_PUBLISH_INTERVAL, true);
    }

    public JobSettings {
        if (atpPublishInterval == null || atpPublishInterval.isNegative()) {
            throw new IllegalArgumentException("atpPublishInterval must be zero (at the end only) or positive");
        }
        if (atpHorizon == null || atpHorizon.isNegative() || atpHorizon.isZero()) {
            throw new IllegalArgumentException("atpHorizon must be positive");
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be zero (off) or positive");
        }
        if (idleEntityTtl == null || idleEntityTtl.isNegative()) {
            throw new IllegalArgumentException("idleEntityTtl must be zero (never) or positive");
        }
        if (correlationThreshold < 2) {
            throw new IllegalArgumentException("correlationThreshold must be 2 or more");
        }
    }

    /** The production job's defaults, those of {@code config/scem.properties}. */
    public static JobSettings defaults() {
        return new JobSettings(Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofHours(24), Duration.ofSeconds(10), null,
                Duration.ofMinutes(1), 5, Duration.ofDays(30));
    }

    public JobSettings withOutOfOrderBound(Duration bound) {
        return new JobSettings(bound, dedupHorizon, closedEntityRetention, checkpointInterval, checkpointDir, idleTimeout, correlationThreshold, idleEntityTtl, atpHorizon, atpPublishInterval, followOrders);
    }

    public JobSettings withCheckpoints(Duration interval, String dir) {
        return new JobSettings(outOfOrderBound, dedupHorizon, closedEntityRetention, interval, dir, idleTimeout, correlationThreshold, idleEntityTtl, atpHorizon, atpPublishInterval, followOrders);
    }

    /** {@code Duration.ZERO}: partitions are never marked idle. */
    public JobSettings withIdleTimeout(Duration timeout) {
        return new JobSettings(outOfOrderBound, dedupHorizon, closedEntityRetention, checkpointInterval, checkpointDir, timeout, correlationThreshold, idleEntityTtl, atpHorizon, atpPublishInterval, followOrders);
    }

    /** The same semantics for the Flink-free monitor of rule tests and backtests. */
    public LocalMonitor.Settings localMonitorSettings() {
        return new LocalMonitor.Settings(dedupHorizon, closedEntityRetention, correlationThreshold, idleEntityTtl, atpHorizon);
    }

    /** {@code Duration.ZERO}: the ATP book publishes profiles only at the end of a bounded input. */
    public JobSettings withAtpPublishInterval(Duration interval) {
        return new JobSettings(outOfOrderBound, dedupHorizon, closedEntityRetention, checkpointInterval, checkpointDir,
                idleTimeout, correlationThreshold, idleEntityTtl, atpHorizon, interval, followOrders);
    }

    /** See {@code followOrders} above. */
    public JobSettings withFollowOrders(boolean follow) {
        return new JobSettings(outOfOrderBound, dedupHorizon, closedEntityRetention, checkpointInterval, checkpointDir,
                idleTimeout, correlationThreshold, idleEntityTtl, atpHorizon, atpPublishInterval, follow);
    }

    public JobSettings withoutCheckpoints() {
        return withCheckpoints(Duration.ZERO, null);
    }
}
