package io.scem.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;

/**
 * The completed checkpoints of one job, as Flink's own statistics report them
 * ({@code GET /jobs/:id/checkpoints} on the JobManager's REST endpoint, which an embedded
 * MiniCluster serves too). Each {@link #refresh} merges the checkpoints the endpoint still lists
 * into what was seen before, so a history longer than Flink's window
 * ({@code web.checkpoints.history}) is kept here.
 */
public final class CheckpointHistory {
    /** One completed checkpoint: how long it took from trigger to completion, and how big it is. */
    public record Checkpoint(long id, long durationMillis, long stateSizeBytes, long checkpointedSizeBytes) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final SortedMap<Long, Checkpoint> completed = new TreeMap<>();
    private long failed;

    public CheckpointHistory(String restUrl, JobID job) {
        this.endpoint = URI.create(restUrl + "/jobs/" + job + "/checkpoints");
    }

    /** Reads the endpoint once; a failed read leaves what is known unchanged and says why. */
    public String refresh() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) return "HTTP " + response.statusCode() + " from " + endpoint;
            JsonNode stats = JSON.readTree(response.body());
            failed = stats.path("counts").path("failed").asLong();
            for (JsonNode c : stats.path("history")) {
                if ("COMPLETED".equals(c.path("status").asText())) add(c);
            }
            JsonNode latest = stats.path("latest").path("completed");
            if (latest.isObject()) add(latest);
            return null;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void add(JsonNode c) {
        long id = c.path("id").asLong();
        completed.put(id, new Checkpoint(id, c.path("end_to_end_duration").asLong(), c.path("state_size").asLong(),
                c.path("checkpointed_size").asLong()));
    }

    /** The newest completed checkpoint, or null before the first. */
    public Checkpoint latest() {
        return completed.isEmpty() ? null : completed.get(completed.lastKey());
    }

    /** Every completed checkpoint seen, oldest first. */
    public List<Checkpoint> completed() {
        return new ArrayList<>(completed.values());
    }

    /** Failed checkpoints, as Flink counts them. */
    public long failed() {
        return failed;
    }
}
