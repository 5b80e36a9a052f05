package io.scem.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading routing.yaml: typed settings, inheritance, and every problem at its line. */
class RoutingFileTest {
    private static final String RECEIVERS = """
            receivers:
              - name: planners
                email: [planners@example.com]
              - name: buyers
                email: buyers@example.com
                sms: [+33612345678]
                send_resolved: false
                active_hours: { time_zone: Europe/Paris, days: [MON-FRI, SUN], from: 8:00, to: 18:00 }
                escalate: { after: 30m, to: planners }
            """;

    @Test
    void childRoutesInheritWhatTheyDoNotSet() throws Exception {
        RoutingConfig config = RoutingConfig.parse(RECEIVERS + """
                route:
                  receiver: planners
                  group_by: [rule, site]
                  group_interval: 10m
                  routes:
                    - match: { stage: supplier }
                      receiver: buyers
                      group_by: [supplierId]
                      group_wait: 1m
                      routes:
                        - match: { severity: CRITICAL }
                          repeat_interval: 1h
                    - match_re: { rule: "DELIVERY_.*" }
                """, "routing.yaml");

        Route root = config.root();
        assertThat(root.timing()).isEqualTo(new GroupTiming(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(4)));
        Route supplier = config.route("root/0");
        assertThat(supplier.receiver()).isEqualTo("buyers");
        assertThat(supplier.groupBy()).containsExactly(AlertField.SUPPLIER_ID);
        assertThat(supplier.timing()).isEqualTo(new GroupTiming(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(4)));
        Route critical = config.route("root/0/0");
        assertThat(critical.receiver()).as("from its parent, not the root").isEqualTo("buyers");
        assertThat(critical.groupBy()).containsExactly(AlertField.SUPPLIER_ID);
        assertThat(critical.timing()).isEqualTo(new GroupTiming(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1)));
        assertThat(critical.matchers()).containsExactly(Matcher.equal(AlertField.SEVERITY, "CRITICAL"));
        Route delivery = config.route("root/1");
        assertThat(delivery.receiver()).isEqualTo("planners");
        assertThat(delivery.groupBy()).containsExactly(AlertField.RULE, AlertField.SITE);
        assertThat(delivery.line()).isEqualTo(22);
    }

    @Test
    void receiversAreTyped() throws Exception {
        RoutingConfig config = RoutingConfig.parse(RECEIVERS + "route: { receiver: planners }\n", "routing.yaml");

        Receiver buyers = config.receiver("buyers");
        assertThat(buyers.emails()).containsExactly("buyers@example.com");
        assertThat(buyers.phones()).as("an unquoted number stays text").containsExactly("+33612345678");
        assertThat(buyers.sendResolved()).isFalse();
        assertThat(buyers.activeHours()).isEqualTo(new Receiver.ActiveHours(ZoneId.of("Europe/Paris"),
                java.util.EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                        DayOfWeek.FRIDAY, DayOfWeek.SUNDAY), LocalTime.of(8, 0), LocalTime.of(18, 0)));
        assertThat(buyers.escalation()).isEqualTo(new Receiver.Escalation(Duration.ofMinutes(30), "planners"));
        Receiver planners = config.receiver("planners");
        assertThat(planners.sendResolved()).as("the default").isTrue();
        assertThat(planners.activeHours()).isNull();
        assertThat(planners.escalation()).isNull();
    }

    @Test
    void unknownKeysAreReportedAtTheirLineWithTheKeysThatExist() {
        assertThat(problems(RECEIVERS + """
                route:
                  receiver: planners
                  routes:
                    - match: { stage: supplier }
                      reciever: buyers
                templates: []
                """)).containsExactly(
                "routing.yaml:14: unknown key 'reciever' in a route (keys: receiver, group_by, group_wait, "
                        + "group_interval, repeat_interval, match, match_re, match_not, continue, routes)",
                "routing.yaml:15: unknown key 'templates' at the top level (keys: route, receivers, inhibit_rules)");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        List<String> problems = problems("""
                receivers:
                  - name: planners
                    email: [not-an-address]
                    sms: ["0612345678"]
                    active_hours: { time_zone: Europe/Pariss, from: "08:00", to: "18:00" }
                    escalate: { after: 30 minutes, to: nobody }
                route:
                  receiver: planner
                  group_wait: 30 s
                  group_by: [rule, suplierId]
                  routes:
                    - match_re: { rule: "SUPPLIER_(LATE" }
                      receiver: buyers
                    - match: { status: FIRING }
                """);

        assertThat(problems).containsExactly(
                "routing.yaml:3: receiver planners: 'not-an-address' is not an email address",
                "routing.yaml:4: receiver planners: '0612345678' is not an E.164 phone number like +33612345678",
                "routing.yaml:5: time_zone: 'Europe/Pariss' is not a time zone like Europe/Paris or UTC",
                "routing.yaml:6: after: '30 minutes' is not a duration like 30s, 5m, 4h, 1d or 1h30m",
                "routing.yaml:6: the escalation of receiver planners: unknown receiver 'nobody' (receivers: planners)",
                "routing.yaml:8: route root: unknown receiver 'planner' (receivers: planners)",
                "routing.yaml:9: group_wait: '30 s' is not a duration like 30s, 5m, 4h, 1d or 1h30m",
                "routing.yaml:10: group_by: unknown alert field 'suplierId' (fields: rule, severity, stage, key, site, sku, "
                        + "supplierId, carrierId, poId, workOrderId, shipmentId, orderId, customerId)",
                "routing.yaml:12: match_re rule: bad regex 'SUPPLIER_(LATE': Unclosed group near index 14",
                "routing.yaml:13: route root/0: unknown receiver 'buyers' (receivers: planners)",
                "routing.yaml:14: match: status cannot be used: a route, silence or inhibition sees both the FIRING and "
                        + "the RESOLVED of an alert (a receiver's send_resolved says whether it hears the RESOLVED)");
    }

    @Test
    void theRootRouteNeedsAReceiverAndTakesEveryAlert() {
        assertThat(problems(RECEIVERS + """
                route:
                  match: { stage: supplier }
                  group_by: [rule]
                """)).containsExactly(
                "routing.yaml:11: the root route needs a receiver: it takes the alerts no other route takes",
                "routing.yaml:11: the root route takes every alert: it cannot have 'match'");
    }

    @Test
    void escalationsMustEnd() {
        assertThat(problems("""
                receivers:
                  - name: a
                    escalate: { after: 1h, to: b }
                  - name: b
                    escalate: { after: 1h, to: c }
                  - name: c
                    escalate: { after: 1h, to: a }
                  - name: d
                    escalate: { after: 1h, to: d }
                  - name: e
                    escalate: { after: 1h, to: a }
                route: { receiver: a }
                """)).containsExactly(
                "routing.yaml:3: escalation cycle: a -> b -> c -> a (an escalation must end at a receiver without escalate:)",
                "routing.yaml:9: escalation cycle: d -> d (an escalation must end at a receiver without escalate:)");
    }

    @Test
    void receiverNamesAreUniqueAndSettingsWellFormed() {
        assertThat(problems("""
                receivers:
                  - name: a
                    send_resolved: sometimes
                    active_hours: { time_zone: UTC, days: [MON, FUN], from: "8h", to: "18:00" }
                  - name: a
                  - email: [x@example.com]
                route: { receiver: a, group_interval: 0s, routes: {} }
                """)).containsExactly(
                "routing.yaml:3: send_resolved must be true or false",
                "routing.yaml:4: days: 'FUN' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN)",
                "routing.yaml:4: from: '8h' is not a local time like 08:00",
                "routing.yaml:5: a second receiver named 'a'",
                "routing.yaml:6: a receiver without 'name:'",
                "routing.yaml:7: group_interval must be longer than 0",
                "routing.yaml:7: routes must be a list of routes");
    }

    @Test
    void inhibitRulesNeedBothSidesAndKnownFields() throws Exception {
        assertThat(problems(RECEIVERS + """
                route: { receiver: planners }
                inhibit_rules:
                  - source_match: { rule: SUPPLIER_ISSUE }
                    equal: [supplier]
                """)).containsExactly(
                "routing.yaml:12: an inhibit rule needs target_match (or target_match_re): which alerts are inhibited",
                "routing.yaml:13: equal: unknown alert field 'supplier' (fields: rule, severity, stage, key, site, sku, "
                        + "supplierId, carrierId, poId, workOrderId, shipmentId, orderId, customerId)");

        RoutingConfig config = RoutingConfig.parse(RECEIVERS + """
                route: { receiver: planners }
                inhibit_rules:
                  - source_match: { rule: SUPPLIER_ISSUE }
                    target_match: { stage: supplier }
                    target_match_not: { rule: SUPPLIER_ISSUE }
                    equal: [supplierId]
                """, "routing.yaml");
        assertThat(config.inhibitRules()).singleElement().satisfies(r -> {
            assertThat(r.source()).containsExactly(Matcher.equal(AlertField.RULE, "SUPPLIER_ISSUE"));
            assertThat(r.target()).containsExactly(Matcher.equal(AlertField.STAGE, "supplier"),
                    Matcher.notEqual(AlertField.RULE, "SUPPLIER_ISSUE"));
            assertThat(r.equal()).containsExactly(AlertField.SUPPLIER_ID);
        });
    }

    @Test
    void invalidYamlIsOneProblemAtItsLine() {
        assertThat(problems("route:\n  receiver: [a\nreceivers: []\n"))
                .singleElement().asString().startsWith("routing.yaml:3: not valid YAML: ");
    }

    private static List<String> problems(String yaml) {
        RoutingException e = catchThrowableOfType(RoutingException.class, () -> RoutingConfig.parse(yaml, "routing.yaml"));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(RoutingProblem::toString).toList();
    }
}
