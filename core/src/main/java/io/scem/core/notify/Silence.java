package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * "Do not notify about these alerts for now": alerts that match every matcher are left out of
 * notifications from {@code startsAt} (inclusive) to {@code endsAt} (exclusive). The groups still
 * track them, so that when the silence ends a still-firing alert is notified.
 */
public record Silence(String id, List<Matcher> matchers, long startsAt, long endsAt, String createdBy, String comment) {
    public Silence {
        Objects.requireNonNull(id);
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) throw new IllegalArgumentException("a silence needs at least one matcher");
        if (endsAt < startsAt) throw new IllegalArgumentException("a silence cannot end before it starts");
        if (createdBy == null || createdBy.isBlank()) throw new IllegalArgumentException("a silence needs createdBy: who");
        comment = comment == null ? "" : comment;
    }

    /** A new silence with a random id. */
    public static Silence create(List<Matcher> matchers, long startsAt, long endsAt, String createdBy, String comment) {
        return new Silence(UUID.randomUUID().toString(), matchers, startsAt, endsAt, createdBy, comment);
    }

    public boolean isActiveAt(long now) {
        return startsAt <= now && now < endsAt;
    }

    public boolean matches(Alert alert) {
        return Matcher.all(matchers, alert);
    }

    public boolean mutes(Alert alert, long now) {
        return isActiveAt(now) && matches(alert);
    }

    /** This silence ended at {@code now}; one that had not started yet never starts. */
    public Silence expiredAt(long now) {
        if (now >= endsAt) return this;
        return new Silence(id, matchers, Math.min(startsAt, now), now, createdBy, comment);
    }
}
