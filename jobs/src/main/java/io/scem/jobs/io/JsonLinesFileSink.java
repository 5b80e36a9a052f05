package io.scem.jobs.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Writes records as JSON Lines to one local file, for replays and the demo. One writer only (see
 * {@link SingleWriter}); not transactional: a replay that fails is run again from the start.
 */
public class JsonLinesFileSink<T> implements Sink<T>, SingleWriter {
    private final String path;
    private final SerializableFunction<T, String> toJson;

    public JsonLinesFileSink(Path path, SerializableFunction<T, String> toJson) {
        this.path = path.toAbsolutePath().toString();
        this.toJson = toJson;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) throws IOException {
                out.write(toJson.apply(element));
                out.newLine();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
