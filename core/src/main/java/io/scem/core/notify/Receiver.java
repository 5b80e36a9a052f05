package io.scem.core.notify;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
    }

    /** A CRITICAL alert of this receiver still firing {@code after} it was first notified goes to {@code receiver} too. */
    public record Escalation(Duration after, String receiver) {}
}
