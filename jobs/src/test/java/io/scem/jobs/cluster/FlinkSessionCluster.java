package io.scem.jobs.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A standalone Flink session cluster (one JobManager and one TaskManager process, from Maven jars)
 * started by {@code .ci/flink-cluster.sh}, and the REST calls a user makes to deploy and operate a
 * job on it: upload the jar, run it (from a savepoint or not), watch its checkpoints, stop it with
 * a savepoint, cancel it.
 */
final class FlinkSessionCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FlinkSessionCluster(Map<String, String> env, String url) {
        this.env = env;
        this.url = url;
    }

    /**
     * Starts a cluster on the given loopback ports with the given state backend ({@code rocksdb},
     * {@code hashmap}); {@link #close()} leaves its logs in {@code logs}. A SIGKILLed
     * TaskManager is noticed when the heartbeat RPCs to it fail: every 2 s rather than every 10 s.
     */
    static FlinkSessionCluster start(int restPort, int rpcPort, String stateBackend, Path logs) {
        Map<String, String> env = Map.of(
                "SCEM_FLINK_KEEP_LOGS", logs.toString(),
                "SCEM_FLINK_REST_PORT", String.valueOf(restPort),
                "SCEM_FLINK_RPC_PORT", String.valueOf(rpcPort),
                "SCEM_FLINK_JM_MEMORY", "768m",
                "SCEM_FLINK_TM_MEMORY", "1280m",
                "SCEM_FLINK_CONF", String.join("\n",
                        "state.backend.type: " + stateBackend,
                        "heartbeat.interval: 2000",
                        "heartbeat.timeout: 20000"));
        // Something answering on the port would be someone else's cluster: refuse rather than share it.
        if (answers("http://localhost:" + restPort + "/overview")) {
            throw new IllegalStateException("something already answers on port " + restPort);
        }
        String url = CiScript.run("flink-cluster.sh", env, "start");
        return new FlinkSessionCluster(env, url);
    }

    private static boolean answers(String url) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Uploads a job jar ({@code POST /jars/upload}); returns its id on the cluster. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = UUID.randomUUID().toString();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .timeout(Duration.ofMinutes(2))
                .build();
        String filename = call(request).path("filename").asText();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /**
     * Runs the uploaded jar ({@code POST /jars/:id/run}) with the given program arguments and
     * parallelism, from {@code savepoint} if not null; returns the job id.
     */
    String run(String jarId, String entryClass, List<String> args, int parallelism, String savepoint)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("entryClass", entryClass).put("parallelism", parallelism);
        body.putArray("programArgsList").addAll(args.stream().map(JSON.getNodeFactory()::textNode).toList());
        if (savepoint != null) body.put("savepointPath", savepoint).put("allowNonRestoredState", false);
        return call(post("/jars/" + jarId + "/run", body, Duration.ofMinutes(2))).path("jobid").asText();
    }

    /** {@code GET /jobs/:id}: the job's state and its vertices' states. */
    JsonNode job(String jobId) throws IOException, InterruptedException {
        return call(get("/jobs/" + jobId));
    }

    /** Waits until the job and every one of its tasks run; fails fast if the job fails. */
    void awaitRunning(String jobId, Duration timeout) {
        await("job " + jobId + " and all its tasks RUNNING").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    JsonNode job = job(jobId);
                    String state = job.path("state").asText();
                    if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                        throw new AssertionError("job " + jobId + " is " + state + ": " + exceptions(jobId));
                    }
                    boolean allTasks = true;
                    for (JsonNode vertex : job.path("vertices")) {
                        allTasks &= vertex.path("tasks").path("RUNNING").asInt() == vertex.path("parallelism").asInt();
                    }
                    return state.equals("RUNNING") && allTasks;
                });
    }

    /**
     * Waits until the job has restored a checkpoint, then until it runs again. After a TaskManager
     * is killed the job may still show RUNNING for a while: the JobManager notices the loss only
     * when a heartbeat or an RPC to it fails, so {@link #awaitRunning} alone can return before
     * the restart has begun.
     */
    void awaitRestoredAndRunning(String jobId, Duration timeout) {
        await("job " + jobId + " restored from a checkpoint").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> checkpoints(jobId).path("latest").path("restored").isObject());
        awaitRunning(jobId, timeout);
    }

    /** {@code GET /jobs/:id/checkpoints}: counts, the latest completed and the one restored from. */
    JsonNode checkpoints(String jobId) throws IOException, InterruptedException {
        return call(get("/jobs/" + jobId + "/checkpoints"));
    }

    /** How many checkpoints of the job have completed (since its last start). */
    long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return checkpoints(jobId).path("counts").path("completed").asLong();
    }

    /** The failures of the job so far ({@code exceptionHistory.entries} of {@code GET /jobs/:id/exceptions}). */
    JsonNode exceptionHistory(String jobId) throws IOException, InterruptedException {
        return call(get("/jobs/" + jobId + "/exceptions")).path("exceptionHistory").path("entries");
    }

    /** The job's root exception and history, for failure messages. */
    String exceptions(String jobId) {
        try {
            return call(get("/jobs/" + jobId + "/exceptions?maxExceptions=3")).toString();
        } catch (IOException | InterruptedException e) {
            return "(no exceptions: " + e + ")";
        }
    }

    /**
     * Stops the job with a savepoint into {@code directory} ({@code POST /jobs/:id/stop}, no
     * drain: its timers stay in the savepoint instead of firing) and returns the savepoint's path.
     */
    String stopWithSavepoint(String jobId, Path directory) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("targetDirectory", directory.toUri().toString()).put("drain", false);
        String trigger = call(post("/jobs/" + jobId + "/stop", body, Duration.ofSeconds(10))).path("request-id").asText();
        String[] location = new String[1];
        await("savepoint of " + jobId).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode answer = call(get("/jobs/" + jobId + "/savepoints/" + trigger));
            if (!answer.path("status").path("id").asText().equals("COMPLETED")) return false;
            JsonNode operation = answer.path("operation");
            if (operation.has("failure-cause")) {
                throw new AssertionError("savepoint failed: " + operation.path("failure-cause"));
            }
            location[0] = operation.path("location").asText();
            return true;
        });
        await("job " + jobId + " FINISHED after its savepoint").atMost(Duration.ofMinutes(1))
                .until(() -> job(jobId).path("state").asText().equals("FINISHED"));
        return location[0];
    }

    /** Cancels the job ({@code PATCH /jobs/:id?mode=cancel}) and waits until it is. */
    void cancel(String jobId) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(url + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        await("job " + jobId + " CANCELED").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300))
                .until(() -> List.of("CANCELED", "FAILED", "FINISHED").contains(job(jobId).path("state").asText()));
    }

    /** Kills the TaskManager process with SIGKILL: a crash, no shutdown, no last checkpoint. */
    void killTaskManager() {
        CiScript.run("flink-cluster.sh", env, "kill-taskmanager");
    }

    /** Whether the TaskManager process that flink-cluster.sh started last is alive (its pid file: "JM TM DIR"). */
    boolean taskManagerAlive() throws IOException {
        String port = env.get("SCEM_FLINK_REST_PORT");
        String tmp = System.getenv().getOrDefault("TMPDIR", "/tmp");
        Path pidFile = Path.of(tmp.isEmpty() ? "/tmp" : tmp, "scem-flink-" + port + ".pid");
        String[] pids = Files.readString(pidFile).trim().split("\\s+");
        return pids[1].matches("\\d+") && ProcessHandle.of(Long.parseLong(pids[1])).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Starts a new TaskManager process and waits until it has registered with the JobManager. */
    void startTaskManager() {
        CiScript.run("flink-cluster.sh", env, "start-taskmanager");
    }

    @Override
    public void close() {
        CiScript.run("flink-cluster.sh", env, "stop");
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build();
    }

    private HttpRequest post(String path, JsonNode body, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .timeout(timeout)
                .build();
    }

    private JsonNode call(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(request.method() + " " + request.uri() + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
