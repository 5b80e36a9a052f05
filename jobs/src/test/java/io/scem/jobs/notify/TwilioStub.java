package io.scem.jobs.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A Twilio Messages API on an ephemeral local port (JDK HTTP server): checks the path and the
 * Basic credentials like Twilio (401 with a JSON error otherwise), decodes the form, remembers
 * each request, and answers with what the test scripted (by default 201 with a {@code sid}). Public:
 * the cluster tests point a notifier on a real cluster at it too.
 */
public final class TwilioStub implements AutoCloseable {
    public static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

    public record Request(String method, String path, String authorization, String contentType, Map<String, String> form) {}

    public record Response(int status, String json, Map<String, String> headers) {
        public static Response of(int status, String json) {
            return new Response(status, json, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final String token;
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger sids = new AtomicInteger();
    private volatile Function<Request, Response> answer = r -> created();

    public TwilioStub(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the gateway answers to a request with valid credentials, from now on. */
    public TwilioStub answering(Function<Request, Response> answer) {
        this.answer = answer;
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public Response created() {
        return Response.of(201, "{\"sid\":\"SM" + String.format("%032d", sids.incrementAndGet())
                + "\",\"status\":\"queued\",\"body\":\"...\"}");
    }

    public static Response error(int status, int code, String message) {
        return Response.of(status, "{\"code\":" + code + ",\"message\":\"" + message
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), decode(body));
            synchronized (this) {
                requests.add(request);
            }
            Response response;
            if (!request.path().equals("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json")) {
                response = error(404, 20404, "The requested resource " + request.path() + " was not found");
            } else if (!("Basic " + base64(ACCOUNT + ":" + token)).equals(request.authorization())) {
                // A careless gateway that quotes the credentials it got: the sender must not pass them on.
                response = error(401, 20003, "Authenticate: wrong password " + password(request.authorization()));
            } else {
                response = answer.apply(request);
            }
            byte[] json = response.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(response.status(), json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        }
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static String password(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) return "(none)";
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        return decoded.substring(decoded.indexOf(':') + 1);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
