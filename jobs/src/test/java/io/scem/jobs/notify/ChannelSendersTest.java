package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.notify.OutgoingMessage;
import io.scem.core.notify.OutgoingMessage.Channel;
import io.scem.jobs.notify.DeliveryResult.Status;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ChannelSenders}, opened from properties the way a notifier job would, then closed and restored. */
class ChannelSendersTest {

    @Test
    void shouldRouteByChannelRefuseAnUnconfiguredOneAndRestoreItsKeys() throws Exception {
        try (TwilioStub twilio = new TwilioStub("tok")) {
            Properties p = new Properties();
            p.setProperty("sms.base-url", twilio.baseUrl());
            p.setProperty("sms.account-sid", TwilioStub.ACCOUNT);
            p.setProperty("sms.auth-token", "env:SCEM_SMS_TOKEN");
            p.setProperty("sms.from", "+15005550006");
            NotifierSettings settings = NotifierSettings.parse(p, Map.of("SCEM_SMS_TOKEN", "tok")::get);
            OutgoingMessage sms = new OutgoingMessage(Channel.SMS, "ops", List.of("+4915100000001"), null, "Stock-out", null, "n-1");
            OutgoingMessage email = new OutgoingMessage(Channel.EMAIL, "ops", List.of("ops@scem.example"), "s", "t", null, "n-1");

            Map<Channel, DeliveryState> checkpoint;
            try (ChannelSenders senders = ChannelSenders.open(settings, ChannelListener.NONE, Map.of())) {
                assertThat(senders.send(sms).get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.SENT);
                DeliveryResult refused = senders.send(email).get(10, TimeUnit.SECONDS);
                assertThat(refused.status()).isEqualTo(Status.REJECTED);
                assertThat(refused.detail()).isEqualTo("no EMAIL channel is configured");
                checkpoint = senders.snapshot();
            }
            assertThat(checkpoint).containsOnlyKeys(Channel.SMS);

            try (ChannelSenders restored = ChannelSenders.open(settings, ChannelListener.NONE, checkpoint)) {
                assertThat(restored.send(sms).get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.ALREADY_SENT);
            }
            assertThat(twilio.requests()).hasSize(1);
        }
    }
}
