package io.scem.jobs.monitoring;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The key groups one subtask owns. Operators that hold keyed records in a queue of their own
 * (released by the watermark, not by a timer each) checkpoint it as union list state; after a
 * restore, at any parallelism, each subtask takes back the records of its own keys.
 */
public final class OwnKeyGroups {
    private final KeyGroupRange range;
    private final int maxParallelism;

    private OwnKeyGroups(KeyGroupRange range, int maxParallelism) {
        this.range = range;
        this.maxParallelism = maxParallelism;
    }

    public static OwnKeyGroups of(TaskInfo task) {
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        return new OwnKeyGroups(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                maxParallelism, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask()), maxParallelism);
    }

    public boolean owns(Object key) {
        return range.contains(KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism));
    }
}
