package io.scem.jobs.kafka;

import io.scem.core.atp.AtpJson;
import io.scem.core.atp.AtpProfiles;
import java.time.Duration;
import java.util.List;

/**
 * Reads the latest ATP profile of every site and SKU from the compacted {@link Topics#ATP}: every
 * partition to its end ({@link TopicScan}), the last value of each key winning (what compaction
 * keeps, whether or not the cleaner has run yet).
 */
public final class AtpProfileReader {
    private AtpProfileReader() {}

    /** @throws TopicScan.Unreadable when the topic cannot be read to its end within {@code timeout} */
    public static AtpProfiles read(KafkaConnection kafka, Duration timeout) throws TopicScan.Unreadable {
        AtpProfiles profiles = new AtpProfiles();
        TopicScan.readToEnd(kafka, "scem-atp-query", Topics.ATP, TopicScan::all, timeout, record -> {
            // A tombstone (null value) would remove the key; the job never writes one.
            if (record.value() != null) profiles.put(AtpJson.readProfile(record.value()));
        });
        return profiles;
    }

    /**
     * The same, from the lines of a replay's {@code OUT.atp.jsonl} ({@code file} names it in a
     * problem): the last line of each site and SKU wins.
     *
     * @throws IllegalArgumentException at the first line that is not a profile, as {@code file:line: …}
     */
    public static AtpProfiles read(String file, List<String> lines) {
        AtpProfiles profiles = new AtpProfiles();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                profiles.put(AtpJson.readProfile(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return profiles;
    }
}
