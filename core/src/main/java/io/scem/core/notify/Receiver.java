package io.scem.core.notify;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who gets notified, and how: email addresses, phone numbers (SMS), whether they hear when a
 * group clears, when they may be reached, and who is next if a CRITICAL alert keeps firing.
 *
 * @param activeHours when this receiver is notified (null: always); outside them notifications
 *     wait for the next active time
 * @param escalation who to notify next when a CRITICAL alert still fires after a while (null: nobody)
 */
public record Receiver(String name, List<String> emails, List<String> phones, boolean sendResolved,
        ActiveHours activeHours, Escalation escalation) {

    public Receiver {
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
    }

    /** Days and local hours (in a time zone) when a receiver may be notified; {@code from} inclusive, {@code to} exclusive. */
    public record ActiveHours(ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        public ActiveHours {
            days = Set.copyOf(days);
        }

        public boolean isActive(Instant at) {
            ZonedDateTime local = at.atZone(zone);
            LocalTime time = local.toLocalTime();
            boolean inHours = from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to); // overnight, e.g. 22:00-06:00
            return days.contains(local.getDayOfWeek()) && inHours;
        }

        /**
         * The first instant at or after {@code at} when this receiver is active. An active spell can
         * only begin at a local midnight or at {@code from}, so those of the coming eight days are
         * the candidates; on the day clocks go forward a {@code from} that does not exist begins at
         * the jump, and on the day they go back both occurrences of {@code from} are tried.
         */
        public Instant nextActive(Instant at) {
            if (isActive(at)) return at;
            ZoneRules rules = zone.getRules();
            LocalDate day = at.atZone(zone).toLocalDate();
            Instant best = null;
            for (int i = 0; i <= 8; i++, day = day.plusDays(1)) {
                LocalDateTime start = day.atTime(from);
                List<Instant> candidates = new ArrayList<>();
                candidates.add(day.atStartOfDay(zone).toInstant());
                ZoneOffsetTransition gap = rules.getTransition(start);
                if (gap != null && gap.isGap()) {
                    candidates.add(gap.getInstant());
                } else {
                    candidates.add(start.atZone(zone).withEarlierOffsetAtOverlap().toInstant());
                    candidates.add(start.atZone(zone).withLaterOffsetAtOverlap().toInstant());
                }
                for (Instant c : candidates) {
                    if (c.isAfter(at) && (best == null || c.isBefore(best)) && isActive(c)) best = c;
                }
                if (best != null) return best;
            }
            throw new IllegalStateException("never active: " + this); // days is never empty
        }
    }

    /** Whether this receiver may be notified at {@code epochMillis}. */
    public boolean isActiveAt(long epochMillis) {
        return activeHours == null || activeHours.isActive(Instant.ofEpochMilli(epochMillis));
    }

    /** The first time at or after {@code epochMillis} when this receiver may be notified. */
    public long nextActiveAt(long epochMillis) {
        return activeHours == null ? epochMillis : activeHours.nextActive(Instant.ofEpochMilli(epochMillis)).toEpochMilli();
    }

    /** A CRITICAL alert of this receiver still firing {@code after} it was first notified goes to {@code receiver} too. */
    public record Escalation(Duration after, String receiver) {}
}
