package io.scem.jobs.io;

import com.fasterxml.jackson.core.JsonGenerator;
import io.scem.core.json.JsonObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes records as JSON Lines to one local file, for replays and the demo. One writer only (see
 * {@link SingleWriter}); not transactional: a replay that fails is run again from the start. One
 * JSON generator writes every line straight into the file's buffer.
 */
public class JsonLinesFileSink<T> implements Sink<T>, SingleWriter {
    private final String path;
    private final JsonObjectWriter<T> toJson;

    public JsonLinesFileSink(Path path, JsonObjectWriter<T> toJson) {
        this.path = path.toAbsolutePath().toString();
        this.toJson = toJson;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        JsonGenerator out = JsonObjectWriter.FACTORY.createGenerator(Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        out.setRootValueSeparator(null); // lines end with a newline, written below, and start with nothing
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) throws IOException {
                toJson.write(element, out);
                out.writeRaw('\n');
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
