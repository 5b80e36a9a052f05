package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** {@link HeldInCheckpoints} on Flink's operator harness, with an operator that holds strings. */
class HeldInCheckpointsTest {
    private static final String NAME = "held-by-subtask";
    private static final String ONE_EACH = "held";

    @Test
    void shouldCheckpointWhatASubtaskHoldsAsOneElementAndRestoreItInOrder() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = open(new Holding(), null, 1, 0)) {
            harness.processElement(new StreamRecord<>("b"));
            harness.processElement(new StreamRecord<>("a"));
            harness.processElement(new StreamRecord<>("c"));
            snapshot = harness.snapshot(1L, 0L);
        }

        assertThat(elementsUnder(snapshot, NAME)).as("one list element, whatever it holds").isEqualTo(1);
        Holding restored = new Holding();
        try (var harness = open(restored, snapshot, 1, 0)) {
            assertThat(restored.held).containsExactly("b", "a", "c");
        }
    }

    @Test
    void shouldRestoreTheLayoutOfOneElementPerRecordAndLeaveItEmpty() throws Exception {
        OperatorSubtaskState earlier;
        try (var harness = open(new HoldingOneEach(), null, 1, 0)) {
            harness.processElement(new StreamRecord<>("x"));
            harness.processElement(new StreamRecord<>("y"));
            earlier = harness.snapshot(1L, 0L);
        }
        assertThat(elementsUnder(earlier, ONE_EACH)).isEqualTo(2);

        Holding restored = new Holding();
        OperatorSubtaskState next;
        try (var harness = open(restored, earlier, 1, 0)) {
            assertThat(restored.held).containsExactly("x", "y");
            next = harness.snapshot(2L, 0L);
        }
        assertThat(elementsUnder(next, ONE_EACH)).as("the earlier layout, emptied").isZero();
        assertThat(elementsUnder(next, NAME)).isEqualTo(1);
        Holding again = new Holding();
        try (var harness = open(again, next, 1, 0)) {
            assertThat(again.held).as("restored once, not twice").containsExactly("x", "y");
        }
    }

    @Test
    void shouldGiveEverySubtaskWhatEverySubtaskHeldAfterARescale() throws Exception {
        OperatorSubtaskState first;
        OperatorSubtaskState second;
        try (var harness = open(new Holding(), null, 2, 0)) {
            harness.processElement(new StreamRecord<>("from-0"));
            first = harness.snapshot(1L, 0L);
        }
        try (var harness = open(new Holding(), null, 2, 1)) {
            harness.processElement(new StreamRecord<>("from-1a"));
            harness.processElement(new StreamRecord<>("from-1b"));
            second = harness.snapshot(1L, 0L);
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(first, second);

        for (int subtask = 0; subtask < 3; subtask++) {
            OperatorSubtaskState mine = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                    both, MAX_PARALLELISM, 2, 3, subtask);
            Holding restored = new Holding();
            try (var harness = open(restored, mine, 3, subtask)) {
                assertThat(restored.held).as("subtask %d of 3", subtask)
                        .containsExactlyInAnyOrder("from-0", "from-1a", "from-1b");
            }
        }
    }

    private static final int MAX_PARALLELISM = 128;

    private static OneInputStreamOperatorTestHarness<String, String> open(
            Holder operator, OperatorSubtaskState restoreFrom, int parallelism, int subtask) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(operator, MAX_PARALLELISM, parallelism, subtask);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    /** How many list elements the snapshot has under {@code name}, over all its handles. */
    private static int elementsUnder(OperatorSubtaskState snapshot, String name) {
        int elements = 0;
        for (OperatorStateHandle handle : snapshot.getManagedOperatorState()) {
            OperatorStateHandle.StateMetaInfo info = handle.getStateNameToPartitionOffsets().get(name);
            if (info != null) elements += info.getOffsets().length;
        }
        return elements;
    }

    /** Holds every string it gets, until the end of the test. */
    private abstract static class Holder extends AbstractStreamOperator<String>
            implements OneInputStreamOperator<String, String> {
        final List<String> held = new ArrayList<>();

        @Override
        public void processElement(StreamRecord<String> element) {
            held.add(element.getValue());
        }
    }

    /** Checkpoints what it holds with {@link HeldInCheckpoints}. */
    private static final class Holding extends Holder {
        private transient HeldInCheckpoints<String> state;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            state = new HeldInCheckpoints<>(context.getOperatorStateStore(), NAME, Types.STRING, ONE_EACH, Types.STRING);
            held.addAll(state.takeRestored());
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            state.update(held);
        }
    }

    /** The layout before: union list state with one element per string. */
    private static final class HoldingOneEach extends Holder {
        private transient ListState<String> state;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            state = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(ONE_EACH, Types.STRING));
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            state.update(held);
        }
    }
}
