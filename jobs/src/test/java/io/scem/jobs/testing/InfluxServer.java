package io.scem.jobs.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real InfluxDB 1.x for tests, as a JUnit 5 extension or a try-with-resources handle.
 *
 * <p>{@link #fromEnvOrLocal()} uses the server at {@code SCEM_INFLUX_URL} when that is set (CI
 * starts one with {@code .ci/influxdb.sh}) and otherwise runs its own; {@link #local()} always
 * runs its own, which a test can {@link #stop()} and {@link #start()} again on the same port and
 * data directory to play an outage. An own server is {@code influxd run -config FILE} on a free
 * loopback port with meta, data and WAL in a temp dir that {@link #close()} deletes.
 *
 * <pre>{@code
 * @RegisterExtension static final InfluxServer INFLUX = InfluxServer.fromEnvOrLocal();
 * }</pre>
 */
public final class InfluxServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** The environment variable naming an already running server, e.g. {@code http://127.0.0.1:8086}. */
    public static final String URL_ENV = "SCEM_INFLUX_URL";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final boolean useEnv;
    /** With authentication on: the admin user every write and query must log in as; else null. */
    private final String adminUser;
    private final String adminPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private String url;
    private Path dir;
    private int port;
    private Process process;
    private Thread shutdownHook;
    private long startMillis;

    private InfluxServer(boolean useEnv) {
        this(useEnv, null, null);
    }

    private InfluxServer(boolean useEnv, String adminUser, String adminPassword) {
        this.useEnv = useEnv;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /**
     * An own server with authentication on ({@code auth-enabled}): requests without the
     * credentials of {@code adminUser} are refused (401). This handle's queries log in as it.
     */
    public static InfluxServer localWithAuthentication(String adminUser, String adminPassword) {
        return new InfluxServer(false, adminUser, adminPassword);
    }

    /** The server named by {@code SCEM_INFLUX_URL}, or an own one if the variable is unset. */
    public static InfluxServer fromEnvOrLocal() {
        return new InfluxServer(true);
    }

    /** Always an own server, which the test may stop and restart. */
    public static InfluxServer local() {
        return new InfluxServer(false);
    }

    /**
     * Starts the server (again, after {@link #stop()}, on the same port and data dir) and waits
     * for {@code /ping}; does nothing if it runs already or an external server is used.
     */
    public synchronized InfluxServer start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return this;
        }
        String external = useEnv ? System.getenv(URL_ENV) : null;
        if (external != null && !external.isBlank()) {
            url = external.replaceAll("/+$", "");
            awaitPing(null, null);
            return this;
        }
        String influxd = findInfluxd();
        if (dir == null) {
            dir = Files.createTempDirectory("scem-influx-test");
            port = freeLoopbackPort();
            url = "http://127.0.0.1:" + port;
            Files.writeString(dir.resolve("influxdb.conf"), config(dir, port, adminUser != null));
        }
        long t0 = System.nanoTime();
        Path log = dir.resolve("influxd.log");
        process = new ProcessBuilder(influxd, "run", "-config", dir.resolve("influxdb.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (shutdownHook == null) {
            // A test JVM killed mid-run must not leave influxd behind.
            shutdownHook = new Thread(this::destroyProcess, "influx-server-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        awaitPing(process, log);
        if (adminUser != null) createAdminUser();
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        return this;
    }

    /** Stops an own server, keeping its port and data for {@link #start()}. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            throw new IllegalStateException("cannot stop an external InfluxDB (" + URL_ENV + ")");
        }
        destroyProcess();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** Whether this handle runs influxd itself (and so can stop it). */
    public boolean isLocal() {
        return dir != null;
    }

    /** Milliseconds the last own start took until {@code /ping} answered; 0 for external ones. */
    public long startMillis() {
        return startMillis;
    }

    /** Runs an InfluxQL query, timestamps as epoch milliseconds. */
    public QueryResult query(String database, String influxQl) {
        try (InfluxDB client = client()) {
            QueryResult result = client.query(new Query(influxQl, database), TimeUnit.MILLISECONDS);
            if (result.hasError()) {
                throw new IllegalStateException(influxQl + ": " + result.getError());
            }
            return result;
        }
    }

    /** The first value of the first series a query returns (e.g. {@code SELECT sum(…)}), NaN when it returns none. */
    public double scalar(String database, String influxQl) {
        List<QueryResult.Series> series = query(database, influxQl).getResults().get(0).getSeries();
        return series == null || series.isEmpty() ? Double.NaN : ((Number) series.get(0).getValues().get(0).get(1)).doubleValue();
    }

    /** Drops a database, so tests against a shared server leave nothing behind. */
    public void dropDatabase(String database) {
        try (InfluxDB client = client()) {
            client.query(new Query("DROP DATABASE \"" + database + "\"", null, true));
        }
    }

    private InfluxDB client() {
        return adminUser == null ? InfluxDBFactory.connect(url) : InfluxDBFactory.connect(url, adminUser, adminPassword);
    }

    /** InfluxDB 1.x lets the first admin user be created without logging in, and nothing else. */
    private void createAdminUser() throws IOException, InterruptedException {
        String statement = "CREATE USER \"" + adminUser + "\" WITH PASSWORD '" + adminPassword + "' WITH ALL PRIVILEGES";
        HttpRequest create = HttpRequest.newBuilder(URI.create(url + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> response = http.send(create, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
            throw new IllegalStateException("cannot create the InfluxDB admin user: HTTP " + response.statusCode());
        }
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (process != null) {
            stop();
            process = null;
        }
        if (shutdownHook != null) {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            shutdownHook = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
            dir = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    private void destroyProcess() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitPing(Process p, Path log) throws IOException, InterruptedException {
        HttpRequest ping = HttpRequest.newBuilder(URI.create(url + "/ping"))
                .timeout(Duration.ofSeconds(1))
                .build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            boolean died = p != null && !p.isAlive();
            if (died || System.nanoTime() - deadline > 0) {
                String why = died ? "influxd exited with " + p.exitValue() : "no 204 from " + url + "/ping in " + STARTUP_TIMEOUT;
                String output = log == null ? "" : "; its log:\n" + Files.readString(log, StandardCharsets.UTF_8);
                if (p != null) {
                    destroyProcess();
                }
                throw new IllegalStateException(why + output);
            }
            Thread.sleep(20);
        }
    }

    private static String findInfluxd() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/local/bin";
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "influxd");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("influxd is not installed: run .ci/influxdb.sh (it installs Debian's"
                + " influxdb package and starts a server), or set " + URL_ENV + " to a running InfluxDB 1.x");
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String config(Path dir, int port, boolean authentication) {
        // The RPC listener (backup/restore) defaults to :8088 on every interface; an ephemeral
        // loopback port lets several test servers run at once.
        return """
                reporting-disabled = true
                bind-address = "127.0.0.1:0"

                [meta]
                  dir = "%1$s/meta"

                [data]
                  dir = "%1$s/data"
                  wal-dir = "%1$s/wal"
                  query-log-enabled = false

                [monitor]
                  store-enabled = false

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%2$d"
                  log-enabled = false
                  auth-enabled = %3$s
                """.formatted(dir, port, authentication);
    }
}
