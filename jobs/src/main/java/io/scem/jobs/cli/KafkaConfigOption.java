package io.scem.jobs.cli;

import io.scem.jobs.kafka.KafkaConnection;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}, for the commands that read a topic of the running job ({@code scem
 * atp}, {@code scem order}): they reach a secured cluster with the job's own client settings.
 */
final class KafkaConfigOption {
    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "with --kafka: the kafka.client.* settings (security) of this file, e.g. config/scem.properties")
    Path file;

    /** {@code --kafka BOOTSTRAP} with this file's {@code kafka.client.*} settings, if one was given. */
    KafkaConnection connectionTo(String bootstrap) throws IOException {
        return KafkaConnection.forCommandLine(bootstrap, file);
    }
}
