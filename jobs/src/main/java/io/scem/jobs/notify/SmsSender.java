package io.scem.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.notify.OutgoingMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends SMS through a Twilio-compatible Messages API: {@code POST
 * {baseUrl}/2010-04-01/Accounts/{accountSid}/Messages.json} with the form fields {@code To},
 * {@code From}, {@code Body} and HTTP Basic authentication, one request per phone number.
 *
 * <p>2xx is sent (the returned {@code sid} is the provider id); 429 and 5xx may pass later (429's
 * Retry-After is honoured); 401 and 403 are refused credentials, the channel's fault; any other
 * 4xx refuses the message itself, with the gateway's {@code code} and {@code message}.
 */
public final class SmsSender implements ChannelSender {

    /** Twilio's limit; a longer body would be refused outright, a cut one still tells the alert. */
    static final int MAX_BODY_CHARS = 1600;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SmsSettings settings;
    private final URI endpoint;
    private final HttpClient http;

    public SmsSender(SmsSettings settings) {
        this.settings = settings;
        this.endpoint = URI.create(settings.baseUrl() + "/2010-04-01/Accounts/"
                + URLEncoder.encode(settings.accountSid(), StandardCharsets.UTF_8) + "/Messages.json");
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                // A redirect would carry the Authorization header to wherever it points.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public OutgoingMessage.Channel channel() {
        return OutgoingMessage.Channel.SMS;
    }

    /** One request per number, keyed {@code dedupKey + " to " + number}. */
    @Override
    public List<OutgoingMessage> perRequest(OutgoingMessage message) {
        return message.to().stream()
                .map(number -> new OutgoingMessage(message.channel(), message.receiver(), List.of(number),
                        message.subject(), message.text(), message.html(), message.dedupKey() + " to " + number))
                .toList();
    }

    /** Sends to the first number of {@code message.to()}; {@link #perRequest} gives one message per number. */
    @Override
    public Attempt attempt(OutgoingMessage message) {
        if (message.to().isEmpty()) return Attempt.rejected("no phone number");
        String form = "To=" + encode(message.to().get(0)) + "&From=" + encode(settings.from())
                + "&Body=" + encode(body(message.text()));
        String credentials = settings.accountSid() + ":" + settings.authToken().reveal();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            // The request timeout ends at the response headers; this bounds a body that trickles too.
            response = call.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return Attempt.retryable(where() + ": no answer within " + settings.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Attempt.retryable(where() + ": interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return Attempt.retryable(where() + ": " + cause.getClass().getSimpleName()
                    + (cause instanceof IOException && cause.getMessage() != null ? ": " + redact(cause.getMessage()) : ""));
        }
        return classify(response);
    }

    private Attempt classify(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            // Accepted even if the body is odd: sending again would text the person twice.
            return Attempt.sent(field(response.body(), "sid"));
        }
        String what = where() + ": HTTP " + status + gatewayError(response.body());
        if (status == 429) return Attempt.retryable(what, retryAfter(response));
        if (status >= 500) return Attempt.retryable(what);
        if (status == 401 || status == 403) return Attempt.unauthorized(what);
        return Attempt.rejected(what);
    }

    /** Twilio explains a refusal as JSON {@code {"code": 21211, "message": "..."}}. */
    private String gatewayError(String body) {
        String code = field(body, "code");
        String message = field(body, "message");
        if (message == null) return "";
        return ", " + (code == null ? "" : "error " + code + ": ") + redact(message);
    }

    private static String field(String body, String name) {
        try {
            JsonNode node = JSON.readTree(body).get(name);
            return node == null || node.isNull() ? null : node.asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return null; // an HTTP date: rare for this API, and the backoff covers it
            }
        }).orElse(null);
    }

    static String body(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_BODY_CHARS) return text;
        return text.substring(0, text.offsetByCodePoints(0, MAX_BODY_CHARS - 1)) + "…";
    }

    private String where() {
        return "SMS gateway " + endpoint.getHost();
    }

    private String redact(String text) {
        return settings.authToken().redact(text);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
