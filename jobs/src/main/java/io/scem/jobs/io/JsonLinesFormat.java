package io.scem.jobs.io;

import io.scem.core.event.Decoded;
import io.scem.core.event.EventIntake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a JSON Lines file of events for a replay: one reader per file (not splittable, so lines
 * keep their order), decoding each line through an {@link EventIntake} with the line number as
 * offset. After the last line it emits one end-of-input marker carrying the newest event time,
 * where the replay's clock stops. Blank lines are skipped.
 */
public class JsonLinesFormat extends SimpleStreamFormat<Decoded> {
    private final String origin;
    private final long outOfOrderBoundMillis;

    public JsonLinesFormat(String origin, long outOfOrderBoundMillis) {
        this.origin = origin;
        this.outOfOrderBoundMillis = outOfOrderBoundMillis;
    }

    @Override
    public StreamFormat.Reader<Decoded> createReader(Configuration config, FSDataInputStream stream) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        EventIntake intake = new EventIntake(outOfOrderBoundMillis);
        return new StreamFormat.Reader<>() {
            private long lineNumber;
            private boolean ended;

            @Override
            public Decoded read() throws IOException {
                String line;
                while ((line = lines.readLine()) != null) {
                    lineNumber++;
                    if (!line.isBlank()) {
                        return intake.accept(line, origin, 0, lineNumber);
                    }
                }
                if (!ended) {
                    ended = true;
                    if (intake.newestEventTime() != Long.MIN_VALUE) {
                        return Decoded.endOfInput(intake.newestEventTime());
                    }
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<Decoded> getProducedType() {
        return TypeInformation.of(Decoded.class);
    }
}
