package io.scem.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's header says how many partitions the input topics have, not how many it asked for. */
class InputPartitionsTest {

    @Test
    void saysTheCountFoundWhenItIsTheOneAskedFor() {
        assertThat(KafkaBench.inputPartitions(Map.of("scem.orders", 2, "scem.warehouse", 2), 2))
                .isEqualTo("2 partitions per input topic");
    }

    @Test
    void saysThatTopicsMadeByAnEarlierRunKeptTheirCount() {
        assertThat(KafkaBench.inputPartitions(Map.of("scem.orders", 1, "scem.warehouse", 1), 2))
                .isEqualTo("1 partitions per input topic (the topics existed: --partitions 2 applies only to topics the bench creates)");
    }

    @Test
    void listsTheTopicsWhenTheirCountsDiffer() {
        assertThat(KafkaBench.inputPartitions(Map.of("scem.warehouse", 1, "scem.orders", 2), 2))
                .isEqualTo("partitions per input topic {scem.orders=2, scem.warehouse=1} (the topics existed: "
                        + "--partitions 2 applies only to topics the bench creates)");
    }
}
