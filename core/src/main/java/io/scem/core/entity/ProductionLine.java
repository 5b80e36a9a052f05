package io.scem.core.entity;

import io.scem.core.event.SupplyEvent;
import java.util.Objects;

/** A production line at a site: running, or stopped since a time for a reason. */
public class ProductionLine extends EntityFact {
    public String site;
    public String lineId;
    public boolean stopped;
    public String reason;
    public Long stoppedAt;
    /** True when this event started a stop (set {@code stoppedAt}): line-down rules arm only then. */
    public boolean stoppedAtChanged;
    /** The event that last set or cleared {@code stoppedAt}: what a deadline on it names as evidence. */
    public String stoppedAtSetBy;

    public ProductionLine() {}

    public static ProductionLine next(ProductionLine current, SupplyEvent e) {
        ProductionLine line = new ProductionLine();
        line.site = e.site;
        line.lineId = e.lineId;
        switch (e.type) {
            case LINE_STOPPED -> {
                boolean already = current != null && current.stopped;
                line.stopped = true;
                line.reason = e.reason;
                line.stoppedAt = already ? current.stoppedAt : e.occurredAt;
            }
            case LINE_RESUMED -> line.stopped = false;
            default -> throw new IllegalArgumentException("not a line event: " + e.type);
        }
        line.stoppedAtChanged = !Objects.equals(line.stoppedAt, current == null ? null : current.stoppedAt);
        line.stoppedAtSetBy = line.stoppedAtChanged ? e.eventId : current == null ? null : current.stoppedAtSetBy;
        line.stamp(e);
        return line;
    }

    @Override
    public ProductionLine rearmed() {
        ProductionLine c = new ProductionLine();
        c.site = site;
        c.lineId = lineId;
        c.stopped = stopped;
        c.reason = reason;
        c.stoppedAt = stoppedAt;
        c.stoppedAtChanged = stoppedAt != null;
        c.stoppedAtSetBy = setByOrOwn(stoppedAt, stoppedAtSetBy);
        c.eventId = eventId;
        c.eventType = eventType;
        c.occurredAt = occurredAt;
        return c;
    }

    @Override
    public String entityKey() {
        return EntityKeys.line(site, lineId);
    }

    public String getSite() { return site; }
    public String getLineId() { return lineId; }
    public boolean isStopped() { return stopped; }
    public String getReason() { return reason; }
    public Long getStoppedAt() { return stoppedAt; }
    public boolean isStoppedAtChanged() { return stoppedAtChanged; }
    public String getStoppedAtSetBy() { return stoppedAtSetBy; }
}
