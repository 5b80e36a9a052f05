package io.scem.core.notify;

import static io.scem.core.notify.TestAlerts.HOUR;
import static io.scem.core.notify.TestAlerts.MINUTE;
import static io.scem.core.notify.TestAlerts.T0;
import static io.scem.core.notify.TestAlerts.alert;
import static io.scem.core.notify.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.notify.OutgoingMessage.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MessageTemplates}: subject, text and HTML bodies, dashboard links, and the messages per channel. */
class MessageTemplatesTest {
    private static final String DASHBOARD = "http://localhost:3000/d/scem-alerts";
    private static final GroupKey GROUP = key("root/1", "rule", "SUPPLIER_LATE", "supplierId", "SUP-2");

    private final MessageTemplates templates = new MessageTemplates(DASHBOARD);
    private final Alert po1 = alert("a1", "SUPPLIER_LATE").supplier("SUP-2").site("DC1").sku("SKU-7").po("PO-1")
            .message("PO PO-1 from SUP-2 is 2 d late").evidence("ev-1", "ev-2").rootCause("root-9").firingAt(T0);
    private final Alert po2 = alert("a2", "SUPPLIER_LATE").supplier("SUP-2").po("PO-2").firingAt(T0 + MINUTE);
    private final Alert po3 = alert("a3", "SUPPLIER_LATE").supplier("SUP-2").po("PO-3").firingAt(T0 - 2 * HOUR);

    @Test
    void theSubjectCountsFiringAndResolvedAlertsAndNamesTheGroup() {
        assertThat(templates.subject(notification(List.of(po1, po2, po3), List.of())))
                .isEqualTo("[FIRING:3] SUPPLIER_LATE supplierId=SUP-2");
        assertThat(templates.subject(notification(List.of(po1), List.of(resolved(po3, T0)))))
                .isEqualTo("[FIRING:1, RESOLVED:1] SUPPLIER_LATE supplierId=SUP-2");
        assertThat(templates.subject(notification(List.of(), List.of(resolved(po3, T0)))))
                .isEqualTo("[RESOLVED:1] SUPPLIER_LATE supplierId=SUP-2");
    }

    @Test
    void withoutARuleInTheGroupTheSubjectNamesTheRulesOfItsAlerts() {
        Alert stock = alert("s1", "STOCK_OUT").stage("warehouse").site("DC1").firingAt(T0);
        Notification n = new Notification("ops", key("root", "site", "DC1"), T0, 4, List.of(po1, stock), List.of(), true);

        assertThat(templates.subject(n)).isEqualTo("[ESCALATED] [FIRING:2] SUPPLIER_LATE, STOCK_OUT site=DC1");
    }

    @Test
    void theTextSaysWhatWhereSinceWhenAndWhyForEachAlert() {
        String text = templates.text(notification(List.of(po1), List.of(resolved(po3, T0 + 15 * MINUTE))));

        assertThat(text).contains("""
                FIRING (1)

                1. SUPPLIER_LATE PO-1
                   What:  SUPPLIER_LATE (MAJOR, stage supplier)
                   Where: site DC1, sku SKU-7, supplierId SUP-2, poId PO-1
                   When:  firing since 2026-01-05T10:00:00Z
                   Why:   PO PO-1 from SUP-2 is 2 d late
                          evidence: ev-1, ev-2
                          root cause: alert root-9
                   Dashboard: http://localhost:3000/d/scem-alerts?var-rule=SUPPLIER_LATE&var-site=DC1&var-sku=SKU-7\
                &var-supplierId=SUP-2&var-poId=PO-1&var-key=PO-1&from=1767603600000&to=now
                """);
        assertThat(text).contains("""
                RESOLVED (1)

                1. SUPPLIER_LATE PO-3
                   What:  SUPPLIER_LATE (MAJOR, stage supplier)
                   Where: supplierId SUP-2, poId PO-3
                   When:  resolved at 2026-01-05T10:15:00Z, after 2 h 15 min (firing since 2026-01-05T08:00:00Z)
                """);
    }

    @Test
    void everyValueInTheHtmlIsEscaped() {
        Alert evil = alert("x\"1", "SUPPLIER_LATE").supplier("<b>SUP</b>").po("PO&1")
                .message("<script>alert('pwned')</script>").evidence("<img src=x onerror=alert(1)>").firingAt(T0);

        String html = templates.html(notification(List.of(evil), List.of()));

        assertThat(html).doesNotContain("<script>", "<b>SUP", "<img", "PO&1", "'pwned'");
        assertThat(html).contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;", "supplierId &lt;b&gt;SUP&lt;/b&gt;",
                "poId PO&amp;1", "&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html).contains("<a href=\"" + DASHBOARD + "?var-rule=SUPPLIER_LATE&amp;var-supplierId=%3Cb%3ESUP%3C%2Fb%3E");
    }

    @Test
    void theDashboardLinkFiltersToTheAlertsEntitiesAndKeyUrlEncodedOverItsTime() {
        Alert a = alert("a1", "DELIVERY_LATE").stage("distribution").site("DC 1").carrier("C&D").key("DC 1|SH-7")
                .firingAt(T0);

        assertThat(templates.dashboardLink(a)).isEqualTo(DASHBOARD
                + "?var-rule=DELIVERY_LATE&var-site=DC+1&var-carrierId=C%26D&var-key=DC+1%7CSH-7&from=" + (T0 - HOUR)
                + "&to=now");
        assertThat(templates.dashboardLink(resolved(a, T0 + 3 * HOUR))).endsWith("&from=" + (T0 - HOUR) + "&to=" + (T0 + 4 * HOUR));
        assertThat(new MessageTemplates(DASHBOARD + "?orgId=1").dashboardLink(a)).startsWith(DASHBOARD + "?orgId=1&var-rule=");
    }

    @Test
    void aReceiverGetsAnEmailAndSmsPartsEachWithItsDedupKey() {
        Receiver receiver = new Receiver("buyers", List.of("a@example.com", "b@example.com"), List.of("+33612345678"), true,
                null, null);
        List<Alert> many = List.of(po1, alert("a4", "SUPPLIER_LATE").message("x".repeat(120)).firingAt(T0), po2, po3);

        List<OutgoingMessage> out = templates.render(new Notification("buyers", GROUP, T0, 7, many, List.of(), false), receiver);

        assertThat(out).extracting(OutgoingMessage::channel).containsExactly(Channel.EMAIL, Channel.SMS, Channel.SMS);
        OutgoingMessage email = out.get(0);
        assertThat(email.to()).containsExactly("a@example.com", "b@example.com");
        assertThat(email.subject()).isEqualTo("[FIRING:4] SUPPLIER_LATE supplierId=SUP-2");
        assertThat(email.html()).startsWith("<!DOCTYPE html>");
        assertThat(email.dedupKey()).isEqualTo("buyers|root/1:rule=SUPPLIER_LATE,supplierId=SUP-2|" + T0 + "#7");
        assertThat(out.subList(1, 3)).extracting(OutgoingMessage::dedupKey).containsExactly(
                "buyers|root/1:rule=SUPPLIER_LATE,supplierId=SUP-2|" + T0 + "#7|sms1/2",
                "buyers|root/1:rule=SUPPLIER_LATE,supplierId=SUP-2|" + T0 + "#7|sms2/2");
        assertThat(out.get(1).to()).containsExactly("+33612345678");
        assertThat(out.get(1).text()).startsWith("(1/2) [FIRING:4] SUPPLIER_LATE supplierId=SUP-2: PO PO-1 from SUP-2 is 2 d late | ");
        assertThat(out.get(2).text()).endsWith(" | +1 more");
    }

    @Test
    void aReceiverWithoutPhonesGetsNoSms() {
        Receiver emailOnly = new Receiver("buyers", List.of("a@example.com"), List.of(), true, null, null);

        assertThat(templates.render(notification(List.of(po1), List.of()), emailOnly))
                .extracting(OutgoingMessage::channel).containsExactly(Channel.EMAIL);
    }

    private static Notification notification(List<Alert> firing, List<Alert> resolved) {
        return new Notification("buyers", GROUP, T0, 1, firing, resolved, false);
    }

    private static GroupKey key(String path, String... labels) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) m.put(labels[i], labels[i + 1]);
        return new GroupKey(path, m);
    }
}
