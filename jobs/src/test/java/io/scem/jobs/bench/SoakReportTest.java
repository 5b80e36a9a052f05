package io.scem.jobs.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.jobs.bench.CheckpointHistory.Checkpoint;
import io.scem.jobs.bench.SoakReport.Sample;
import io.scem.jobs.bench.SoakReport.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The soak's judgement on made-up runs: one sample every 10 s for 100 s, a checkpoint every 10 s, 30 s warm-up. */
class SoakReportTest {
    private static final long MB = 1 << 20;
    private static final long RECORDS_PER_CHECKPOINT = 50_000;

    /** Sample i at 10·i s, the i-th checkpoint completed; heap, state, lag and duration as functions of i. */
    private static List<Sample> run(LongUnaryOperator heapMb, LongUnaryOperator stateMb, LongUnaryOperator lag) {
        List<Sample> samples = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            samples.add(new Sample(10 * i, 0, 5_000 * 10 * i, 5_000 * 10 * i - lag.applyAsLong(i), lag.applyAsLong(i),
                    heapMb.applyAsLong(i) * MB, new Checkpoint(i, 500, stateMb.applyAsLong(i) * MB, 0), 0, 100 * i));
        }
        return samples;
    }

    private static List<Checkpoint> checkpoints(int count, LongUnaryOperator durationMillis) {
        List<Checkpoint> out = new ArrayList<>();
        for (long i = 1; i <= count; i++) out.add(new Checkpoint(i, durationMillis.applyAsLong(i), 0, 0));
        return out;
    }

    @Test
    void shouldCallASteadyRunFlatDespiteNoise() {
        List<Sample> samples = run(i -> 400 + (i % 3) * 10, i -> 60 + i % 2, i -> 30_000 + (i % 2) * 20_000);

        Verdict v = SoakReport.judge(samples, checkpoints(10, i -> 400 + (i % 2) * 150), 30, RECORDS_PER_CHECKPOINT);

        assertThat(v.first().seconds()).isEqualTo(30);
        assertThat(v.last().seconds()).isEqualTo(100);
        assertThat(v.heapFlat()).isTrue();
        assertThat(v.stateFlat()).isTrue();
        assertThat(v.lagBounded()).isTrue();
        assertThat(v.checkpointsFlat()).isTrue();
        assertThat(v.flat()).isTrue();
    }

    @Test
    void shouldCallAHeapThatKeepsGrowingNotFlat() {
        Verdict v = SoakReport.judge(run(i -> 300 + 40 * i, i -> 60, i -> 30_000), checkpoints(10, i -> 400), 30,
                RECORDS_PER_CHECKPOINT);

        assertThat(v.heapRatio()).isCloseTo(700.0 / 420.0, Offset.offset(1e-9));
        assertThat(v.heapFlat()).isFalse();
        assertThat(v.flat()).isFalse();
    }

    @Test
    void shouldCallALagThatGrowsByMoreThanACheckpointOfInputUnbounded() {
        Verdict v = SoakReport.judge(run(i -> 400, i -> 60, i -> 20_000 * i), checkpoints(10, i -> 400), 30,
                RECORDS_PER_CHECKPOINT);

        assertThat(v.maxLagFirstHalf()).isEqualTo(120_000);
        assertThat(v.maxLagSecondHalf()).isEqualTo(200_000);
        assertThat(v.lagBounded()).isFalse();
    }

    @Test
    void shouldJudgeOnlyTheCheckpointsBetweenTheFirstJudgedSampleAndTheLast() {
        // The first judged sample (30 s) had seen checkpoint 3 and the last one 10: 4, 5, 6 against
        // 7..10. Those completing while the job drained its backlog (11, 12: very slow) are not steady state.
        List<Checkpoint> all = checkpoints(12, i -> i <= 6 ? 400 : i <= 10 ? 2_000 : 60_000);

        Verdict v = SoakReport.judge(run(i -> 400, i -> 60, i -> 30_000), all, 30, RECORDS_PER_CHECKPOINT);

        assertThat(v.durationsFirstHalf()).containsExactly(400, 400, 400);
        assertThat(v.durationsSecondHalf()).containsExactly(2_000, 2_000, 2_000, 2_000);
        assertThat(v.checkpointsFlat()).isFalse();
    }

    @Test
    void shouldSayWhenTheWarmUpEndedBeforeTheSimulatedWorldFilledUp() {
        // Sample i at i * 12 simulated hours: the first judged one (30 s) is 1.5 days in.
        List<Sample> samples = run(i -> 400, i -> 60, i -> 30_000).stream()
                .map(s -> new Sample(s.seconds(), (long) (s.seconds() / 10 * 43_200_000L), s.produced(), s.consumed(), s.lag(),
                        s.liveHeapBytes(), s.checkpoint(), s.failedCheckpoints(), s.alerts()))
                .toList();
        Verdict v = SoakReport.judge(samples, checkpoints(10, i -> 400), 30, RECORDS_PER_CHECKPOINT);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        SoakReport.printSummary(new PrintStream(printed, true, UTF_8), v, 30, 0);

        assertThat(printed.toString(UTF_8))
                .contains("the warm-up covered 1.5 simulated days; the simulated world fills up over about 6")
                .contains("live heap after GC: 400 MB -> 400 MB, x1.00: flat")
                .contains("soak verdict: FLAT");
    }

    @Test
    void shouldJudgeNothingWithoutTwoSamplesAfterWarmUp() {
        Verdict v = SoakReport.judge(run(i -> 400, i -> 60, i -> 30_000), checkpoints(10, i -> 400), 95,
                RECORDS_PER_CHECKPOINT);

        assertThat(v.first()).isNull();
        assertThat(v.flat()).isFalse();
    }
}
