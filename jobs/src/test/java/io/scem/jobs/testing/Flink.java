package io.scem.jobs.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the job tests share the shape of: one TaskManager, two slots (parallelism 2). */
public final class Flink {
    private Flink() {}

    /** Register with {@code @RegisterExtension}; ordered after a broker the job reads at start. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }
}
