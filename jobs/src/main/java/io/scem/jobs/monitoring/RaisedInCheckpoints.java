package io.scem.jobs.monitoring;

import io.scem.core.rules.RaisedConditions;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple4;

/**
 * A rule stage's {@link RaisedConditions} in checkpoints: union list state, one element per
 * subtask (its index, the parallelism, whether it admits all, its conditions).
 *
 * <p>A condition is raised and resolved by the facts of one entity (rules/README.md, "Firing and
 * resolving"), so by the subtask that owns that entity. Restored at the same parallelism, each
 * subtask owns the same key groups again and takes back its own conditions. After a rescale
 * nothing says which entity a condition came from, so every subtask takes all of them: a RESOLVED
 * then goes on from whichever subtask raises it, and the copies on the others stay, unused (as
 * many as were open at the rescale, on each subtask). A restore from a checkpoint that predates
 * the state (or from a subtask that admitted all) admits every RESOLVED, as the job did before:
 * what was raised then is unknown.
 */
final class RaisedInCheckpoints {
    private static final TypeInformation<Tuple4<Integer, Integer, Boolean, List<String>>> ELEMENT =
            Types.TUPLE(Types.INT, Types.INT, Types.BOOLEAN, Types.LIST(Types.STRING));

    private final ListState<Tuple4<Integer, Integer, Boolean, List<String>>> state;

    RaisedInCheckpoints(OperatorStateStore store, String name) throws Exception {
        state = store.getUnionListState(new ListStateDescriptor<>(name, ELEMENT));
    }

    /** What subtask {@code subtask} of {@code parallelism} starts from; {@code restored}: whether the job was restored. */
    RaisedConditions restore(boolean restored, int subtask, int parallelism) throws Exception {
        if (!restored) return RaisedConditions.tracking();
        List<Tuple4<Integer, Integer, Boolean, List<String>>> all = new ArrayList<>();
        state.get().forEach(all::add);
        if (all.isEmpty() || all.stream().anyMatch(element -> element.f2)) return RaisedConditions.admittingAll();
        boolean sameParallelism = all.stream().allMatch(element -> element.f1 == parallelism);
        RaisedConditions raised = RaisedConditions.tracking();
        for (Tuple4<Integer, Integer, Boolean, List<String>> element : all) {
            if (!sameParallelism || element.f0 == subtask) element.f3.forEach(raised::restore);
        }
        return raised;
    }

    void update(RaisedConditions raised, int subtask, int parallelism) throws Exception {
        state.update(List.of(Tuple4.of(subtask, parallelism, raised.admitsAll(), raised.conditionKeys())));
    }
}
