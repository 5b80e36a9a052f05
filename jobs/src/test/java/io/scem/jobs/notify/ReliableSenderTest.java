package io.scem.jobs.notify;

import io.scem.jobs.config.Secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scem.core.notify.OutgoingMessage;
import io.scem.core.notify.OutgoingMessage.Channel;
import io.scem.jobs.notify.DeliveryResult.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ReliableSender} on a virtual clock (backoff and pacing take no real time, the gateway
 * answers inline), plus two runs on real threads: the bound on requests in flight, and retries
 * against a real HTTP gateway.
 */
class ReliableSenderTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    /** 4 tries, backoff ceilings 1 s, 2 s, 4 s (halved by the dice below), no pacing, 3 kept, probe every 30 s. */
    private static final DeliveryPolicy POLICY =
            new DeliveryPolicy(4, SECOND, Duration.ofSeconds(8), 0, 2, 3, Duration.ofSeconds(30), 100);

    private final VirtualTime time = new VirtualTime();
    private final ScriptedGateway gateway = new ScriptedGateway(Channel.SMS, time::nanoTime);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ChannelListener listener = new ChannelListener() {
        @Override
        public void failing(Channel channel, String reason) {
            events.add("failing " + channel + ": " + reason);
        }

        @Override
        public void recovered(Channel channel) {
            events.add("recovered " + channel);
        }
    };

    @Test
    void shouldRetryAGatewayThatFailsTwiceAndDeliverOnce() {
        ReliableSender sender = onVirtualTime(POLICY, DeliveryState.EMPTY);
        gateway.then(Attempt.retryable("HTTP 503"), Attempt.retryable("timeout"), Attempt.sent("SM1"));

        CompletableFuture<DeliveryResult> result = sender.send(sms("ops", "n-1"));
        assertThat(result).isNotDone();
        time.advance(Duration.ofSeconds(10));

        assertThat(result).isCompletedWithValue(new DeliveryResult(Status.SENT, "n-1", "SM1", 3, null));
        // Full jitter with the dice at 0.5: half of the 1 s and 2 s ceilings.
        assertThat(gateway.tries()).extracting(ScriptedGateway.Try::at)
                .containsExactly(Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(1500));
        assertThat(gateway.accepted()).containsExactly("n-1");
        assertThat(sender.deliveredKeys()).containsExactly("n-1");
        assertThat(events).isEmpty();
    }

    @Test
    void shouldNotRetryAMessageTheGatewayRefuses() {
        ReliableSender sender = onVirtualTime(POLICY, DeliveryState.EMPTY);
        gateway.then(Attempt.rejected("HTTP 400, error 21211: The 'To' number is not a valid phone number."));

        CompletableFuture<DeliveryResult> result = sender.send(sms("ops", "n-1"));
        time.advance(Duration.ofMinutes(5));

        assertThat(result.join().status()).isEqualTo(Status.REJECTED);
        assertThat(result.join().detail()).contains("21211");
        assertThat(gateway.tries()).hasSize(1);
        assertThat(sender.undeliveredCount()).isZero();
        assertThat(sender.isFailing()).isFalse();
        assertThat(sender.deliveredKeys()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void shouldKeepMessagesWhileTheGatewayIsDownAndDeliverThemInOrderWhenItIsBack() {
        ReliableSender sender = onVirtualTime(POLICY, DeliveryState.EMPTY);
        gateway.down();

        CompletableFuture<DeliveryResult> first = sender.send(sms("ops", "n-1"));
        time.advance(Duration.ofSeconds(10));
        assertThat(first.join().status()).isEqualTo(Status.UNDELIVERED);
        assertThat(first.join().attempts()).isEqualTo(4);
        assertThat(events).containsExactly("failing SMS: HTTP 503, gateway down");

        // While failing, new messages are kept at once, without knocking on the gateway.
        DeliveryResult second = sender.send(sms("ops", "n-2")).join();
        DeliveryResult third = sender.send(sms("sales", "n-3")).join();
        assertThat(List.of(second.status(), third.status())).containsOnly(Status.UNDELIVERED);
        assertThat(gateway.tries()).hasSize(4);

        // Every 30 s one try of the oldest kept message, until the gateway answers.
        time.advance(Duration.ofSeconds(30));
        assertThat(gateway.tries()).hasSize(5).last().extracting(ScriptedGateway.Try::dedupKey).isEqualTo("n-1");
        gateway.up();
        time.advance(Duration.ofSeconds(30));

        assertThat(gateway.accepted()).containsExactly("n-1", "n-2", "n-3");
        assertThat(events).containsExactly("failing SMS: HTTP 503, gateway down", "recovered SMS");
        assertThat(sender.undeliveredCount()).isZero();
        assertThat(sender.isFailing()).isFalse();
        assertThat(sender.send(sms("ops", "n-2")).join().status()).isEqualTo(Status.ALREADY_SENT);

        // A second outage is reported again, once.
        gateway.down();
        sender.send(sms("ops", "n-4"));
        time.advance(Duration.ofSeconds(10));
        assertThat(events).hasSize(3).last().asString().startsWith("failing SMS");
    }

    @Test
    void shouldDropWhatNoLongerFitsTheUndeliveredQueueAndSaySo() {
        ReliableSender sender = onVirtualTime(POLICY, DeliveryState.EMPTY);
        gateway.down();
        sender.send(sms("ops", "n-1"));
        time.advance(Duration.ofSeconds(10));
        sender.send(sms("ops", "n-2"));
        sender.send(sms("ops", "n-3"));

        DeliveryResult fourth = sender.send(sms("ops", "n-4")).join();

        assertThat(fourth.status()).isEqualTo(Status.DROPPED);
        assertThat(fourth.delivered()).isFalse();
        assertThat(sender.droppedCount()).isEqualTo(1);
        assertThat(sender.snapshot().undelivered()).extracting(OutgoingMessage::dedupKey).containsExactly("n-1", "n-2", "n-3");
    }

    @Test
    void shouldNotRetryRefusedCredentialsButKeepTheMessageAndReportTheChannel() {
        ReliableSender sender = onVirtualTime(POLICY, DeliveryState.EMPTY);
        gateway.then(Attempt.unauthorized("HTTP 401, error 20003: Authenticate"));

        DeliveryResult result = sender.send(sms("ops", "n-1")).join();
        time.advance(Duration.ofSeconds(10));

        assertThat(result.status()).isEqualTo(Status.UNDELIVERED);
        assertThat(gateway.tries()).hasSize(1);
        assertThat(events).containsExactly("failing SMS: HTTP 401, error 20003: Authenticate");
    }

    @Test
    void shouldPaceMessagesToOneReceiverInOrderWithoutHoldingUpOthers() {
        ReliableSender sender = onVirtualTime(withRate(2), DeliveryState.EMPTY);
        List<CompletableFuture<DeliveryResult>> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) results.add(sender.send(sms("ops", "ops-" + i)));
        results.add(sender.send(sms("sales", "sales-1")));

        time.advance(Duration.ofMinutes(2));

        assertThat(results).allSatisfy(r -> assertThat(r.join().status()).isEqualTo(Status.SENT));
        // Two at once (the bucket holds a minute's worth), then one every 30 s, in the order sent.
        assertThat(gateway.tries()).filteredOn(t -> t.receiver().equals("ops"))
                .extracting(ScriptedGateway.Try::dedupKey, ScriptedGateway.Try::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ops-1", Duration.ZERO),
                        org.assertj.core.groups.Tuple.tuple("ops-2", Duration.ZERO),
                        org.assertj.core.groups.Tuple.tuple("ops-3", Duration.ofSeconds(30)),
                        org.assertj.core.groups.Tuple.tuple("ops-4", Duration.ofSeconds(60)),
                        org.assertj.core.groups.Tuple.tuple("ops-5", Duration.ofSeconds(90)));
        assertThat(gateway.tries()).filteredOn(t -> t.receiver().equals("sales"))
                .extracting(ScriptedGateway.Try::at).containsExactly(Duration.ZERO);
    }

    @Test
    void shouldSendADedupKeyOnlyOnce() {
        ReliableSender sender = onVirtualTime(POLICY, DeliveryState.EMPTY);
        gateway.then(Attempt.retryable("HTTP 503"));

        CompletableFuture<DeliveryResult> first = sender.send(sms("ops", "n-1"));
        CompletableFuture<DeliveryResult> whileInFlight = sender.send(sms("ops", "n-1"));
        time.advance(Duration.ofSeconds(5));
        DeliveryResult afterwards = sender.send(sms("ops", "n-1")).join();

        assertThat(first.join().status()).isEqualTo(Status.SENT);
        assertThat(whileInFlight.join().status()).isEqualTo(Status.ALREADY_SENT);
        assertThat(afterwards.status()).isEqualTo(Status.ALREADY_SENT);
        assertThat(afterwards.delivered()).isTrue();
        assertThat(gateway.accepted()).containsExactly("n-1");
    }

    @Test
    void shouldRememberDeliveredAndKeptMessagesAcrossARestart() {
        ReliableSender before = onVirtualTime(POLICY, DeliveryState.EMPTY);
        before.send(sms("ops", "n-1"));
        before.send(sms("ops", "n-2"));
        gateway.down();
        before.send(sms("ops", "n-3"));
        time.advance(Duration.ofSeconds(10));
        DeliveryState checkpoint = before.snapshot();
        before.close();
        assertThat(checkpoint.deliveredKeys()).containsExactly("n-1", "n-2");
        assertThat(checkpoint.undelivered()).extracting(OutgoingMessage::dedupKey).containsExactly("n-3");

        gateway.up();
        events.clear();
        ReliableSender after = onVirtualTime(POLICY, checkpoint);

        // The kept message goes out at once; the listener, told "failing" before, hears the recovery.
        assertThat(gateway.accepted()).containsExactly("n-1", "n-2", "n-3");
        assertThat(events).containsExactly("recovered SMS");
        assertThat(after.send(sms("ops", "n-1")).join().status()).isEqualTo(Status.ALREADY_SENT);
        assertThat(after.send(sms("ops", "n-4")).join().status()).isEqualTo(Status.SENT);
        assertThat(after.deliveredKeys()).containsExactly("n-1", "n-2", "n-3", "n-4");
    }

    @Test
    void shouldCheckpointKeptMessagesUntilTheyAreThroughAfterARecovery() {
        ReliableSender sender = onVirtualTime(POLICY, DeliveryState.EMPTY);
        gateway.down();
        sender.send(sms("ops", "n-1"));
        time.advance(Duration.ofSeconds(10));
        sender.send(sms("ops", "n-2"));
        // The probe (30 s after the channel failed at 3.5 s) gets n-1 through; n-2, sent again
        // on the recovery, meets one more 503 and waits 0.5 s for its retry.
        gateway.up().then(Attempt.sent("SM1"), Attempt.retryable("HTTP 503"));
        time.advance(Duration.ofMillis(23_500));

        assertThat(sender.isFailing()).isFalse();
        assertThat(sender.snapshot().undelivered()).extracting(OutgoingMessage::dedupKey).containsExactly("n-2");
        time.advance(Duration.ofSeconds(1));
        assertThat(sender.snapshot().undelivered()).isEmpty();
        assertThat(sender.snapshot().deliveredKeys()).containsExactly("n-1", "n-2");
    }

    @Test
    void shouldForgetTheOldestKeysBeyondTheDedupCapacity() {
        DeliveryPolicy small = new DeliveryPolicy(4, SECOND, SECOND, 0, 2, 3, SECOND, 2);
        ReliableSender sender = onVirtualTime(small, DeliveryState.EMPTY);
        for (String key : List.of("n-1", "n-2", "n-3")) sender.send(sms("ops", key));

        assertThat(sender.deliveredKeys()).containsExactly("n-2", "n-3");
    }

    @Test
    void shouldSendAnSmsToEachNumberAndNotTextAgainTheOnesThatGotIt() throws Exception {
        try (TwilioStub twilio = new TwilioStub("token");
                ReliableSender sender = new ReliableSender(new SmsSender(sms(twilio)), tiny(4), listener, DeliveryState.EMPTY)) {
            AtomicInteger toSecond = new AtomicInteger();
            twilio.answering(r -> r.form().get("To").equals("+4915100000002") && toSecond.incrementAndGet() <= 2
                    ? TwilioStub.error(503, 20500, "Internal Server Error") : twilio.created());
            OutgoingMessage message = new OutgoingMessage(Channel.SMS, "ops", List.of("+4915100000001", "+4915100000002"),
                    null, "Stock-out DC9", null, "n-1");

            DeliveryResult result = sender.send(message).get(10, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(Status.SENT);
            assertThat(result.dedupKey()).isEqualTo("n-1");
            assertThat(result.attempts()).isEqualTo(4);
            assertThat(result.providerId()).matches("SM\\d{32},SM\\d{32}");
            assertThat(twilio.requests()).extracting(r -> r.form().get("To"))
                    .containsExactlyInAnyOrder("+4915100000001", "+4915100000002", "+4915100000002", "+4915100000002");
            assertThat(sender.deliveredKeys()).containsExactlyInAnyOrder("n-1 to +4915100000001", "n-1 to +4915100000002");
            assertThat(sender.send(message).join().status()).isEqualTo(Status.ALREADY_SENT);
            assertThat(twilio.requests()).hasSize(4);
        }
    }

    @Test
    void shouldNeverHaveMoreThanMaxInFlightRequestsAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        ChannelSender slow = new ChannelSender() {
            @Override
            public Channel channel() {
                return Channel.EMAIL;
            }

            @Override
            public Attempt attempt(OutgoingMessage message) {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return Attempt.sent(message.dedupKey());
            }
        };
        try (ReliableSender sender = new ReliableSender(slow, tiny(3), listener, DeliveryState.EMPTY)) {
            List<CompletableFuture<DeliveryResult>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                results.add(sender.send(new OutgoingMessage(Channel.EMAIL, "r" + i, List.of("a@b.example"), "s", "t", null, "k" + i)));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

            await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2);
            Thread.sleep(100);
            assertThat(running.get()).isEqualTo(2);
            assertThat(results).noneMatch(CompletableFuture::isDone);
            release.countDown();

            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(results).allSatisfy(r -> assertThat(r.join().status()).isEqualTo(Status.SENT));
            assertThat(mostAtOnce.get()).isEqualTo(2);
        }
    }

    private ReliableSender onVirtualTime(DeliveryPolicy policy, DeliveryState restored) {
        return new ReliableSender(gateway, policy, listener, restored, Runnable::run, time, time::nanoTime, () -> 0.5, () -> {});
    }

    private static DeliveryPolicy withRate(int perMinute) {
        return new DeliveryPolicy(4, SECOND, Duration.ofSeconds(8), perMinute, 2, 3, Duration.ofSeconds(30), 100);
    }

    /** Real threads, millisecond backoff: a real gateway's retries in a few milliseconds. */
    private static DeliveryPolicy tiny(int maxAttempts) {
        return new DeliveryPolicy(maxAttempts, Duration.ofMillis(1), Duration.ofMillis(10), 0, 2, 10, SECOND, 100);
    }

    static SmsSettings sms(TwilioStub twilio) {
        return new SmsSettings(twilio.baseUrl(), TwilioStub.ACCOUNT, Secret.of("token"), "+15005550006", Duration.ofSeconds(5));
    }

    private static OutgoingMessage sms(String receiver, String dedupKey) {
        return new OutgoingMessage(Channel.SMS, receiver, List.of("+4915100000001"), null, "Stock-out DC9 SKU-42", null, dedupKey);
    }
}
