package io.scem.jobs.monitoring;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The records an operator holds for the watermark (events, order signals), checkpointed as union
 * list state with one element per subtask: the subtask's whole list, in release order.
 *
 * <p>Why one element and not one per record: Flink notes the position of every list element in
 * the checkpoint stream (which flushes the stream's buffer and asks the file for its position: two
 * system calls) and sends those offsets to the JobManager with the acknowledgement, which writes
 * them into the checkpoint's metadata. Draining a backlog, hundreds of thousands of records wait at
 * once; per element, that cost about 7 % of the job's CPU in the Kafka drain benchmark.
 *
 * <p>Union state, so that after a rescale each subtask reads every list and keeps what its key
 * groups own. Checkpoints of earlier versions hold one element per record under another name
 * ({@code oneEachName}): they are read as well, and that state is then emptied.
 */
public final class HeldInCheckpoints<T> {
    private final ListState<List<T>> lists;
    private List<T> restored = new ArrayList<>();

    /**
     * @param name the state of this layout
     * @param type the records' type in it
     * @param oneEachName the state of the earlier layout, one element per record
     * @param oneEachType the records' type in that state, as it was registered
     */
    public HeldInCheckpoints(OperatorStateStore store, String name, TypeInformation<T> type,
            String oneEachName, TypeInformation<T> oneEachType) throws Exception {
        if (store.getRegisteredStateNames().contains(oneEachName)) {
            ListState<T> oneEach = store.getUnionListState(new ListStateDescriptor<>(oneEachName, oneEachType));
            oneEach.get().forEach(restored::add);
            oneEach.clear();
        }
        lists = store.getUnionListState(new ListStateDescriptor<>(name, Types.LIST(type)));
        for (List<T> list : lists.get()) restored.addAll(list);
    }

    /**
     * What every subtask held at the checkpoint restored from, each subtask's in release order;
     * once (the operator takes them over).
     */
    public List<T> takeRestored() {
        List<T> taken = restored;
        restored = List.of();
        return taken;
    }

    /** Checkpoints what this subtask holds now, in release order. */
    public void update(List<T> inReleaseOrder) throws Exception {
        lists.update(List.of(inReleaseOrder));
    }
}
