package io.scem.jobs.io;

import io.scem.core.event.Decoded;
import io.scem.core.event.EventIntake;
import io.scem.core.event.EventDecoder;
import io.scem.jobs.monitoring.MonitoringJob;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a JSON Lines file of events for a replay: one reader per file (not splittable, so lines
 * keep their order), decoding each line through an {@link EventIntake} with the line number as
 * offset. After the last line it emits one end-of-input marker carrying the newest event time,
 * where the replay's clock stops. Blank lines are skipped; of a line longer than any record the
 * decoder reads, only the beginning is held in memory, and it becomes a {@code too-large} dead
 * letter. Lines and bytes read are added to {@link ReplayProgress} now and then.
 */
public class JsonLinesFormat extends SimpleStreamFormat<Decoded> {
    /** Lines between updates of {@link ReplayProgress} (a power of two). */
    private static final long PROGRESS_EVERY = 4096;

    private final String origin;
    private final long outOfOrderBoundMillis;

    public JsonLinesFormat(String origin, long outOfOrderBoundMillis) {
        this.origin = origin;
        this.outOfOrderBoundMillis = outOfOrderBoundMillis;
    }

    @Override
    public StreamFormat.Reader<Decoded> createReader(Configuration config, FSDataInputStream stream) {
        BoundedLineReader lines = new BoundedLineReader(stream, EventDecoder.MAX_RECORD_UTF8_BYTES);
        EventIntake intake = new EventIntake(outOfOrderBoundMillis);
        return new StreamFormat.Reader<>() {
            private long lineNumber;
            private boolean ended;
            private long reportedLines;
            private long reportedPosition;

            @Override
            public Decoded read() throws IOException {
                BoundedLineReader.Line line;
                while ((line = lines.next()) != null) {
                    lineNumber++;
                    if ((lineNumber & (PROGRESS_EVERY - 1)) == 0) {
                        reportProgress();
                    }
                    if (line.cut()) {
                        return EventDecoder.tooLarge(line.text(), String.format("%,d bytes", line.bytes()), origin, lineNumber);
                    }
                    if (!line.isBlank()) {
                        return intake.accept(line.utf8(), 0, line.length(), origin, 0, lineNumber);
                    }
                }
                if (!ended) {
                    ended = true;
                    reportProgress();
                    if (intake.newestEventTime() != Long.MIN_VALUE) {
                        return Decoded.endOfInput(intake.newestEventTime());
                    }
                }
                return null;
            }

            /** Bytes by the stream position: ahead of the lines by what the reader has buffered. */
            private void reportProgress() throws IOException {
                long position = stream.getPos();
                ReplayProgress.add(lineNumber - reportedLines, position - reportedPosition);
                reportedLines = lineNumber;
                reportedPosition = position;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<Decoded> getProducedType() {
        return MonitoringJob.DECODED;
    }
}
