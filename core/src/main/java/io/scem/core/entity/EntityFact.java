package io.scem.core.entity;

/**
 * The state of one tracked entity right after an event changed it. Facts are what the rules see
 * (each subclass is an Esper event type under its simple class name) and, in the job, what Flink
 * keeps in keyed state: the latest fact of an entity is all its rules need, which is also what
 * rebuilds the rule engine after a restore.
 *
 * <p>Public fields for Flink's POJO serializer, getters for Esper's bean properties.
 *
 * <p>A new version copies the fields of the one before, and an entity's id comes from its first
 * event: every later event carries an equal id, read into a new string, which dies young if the
 * fact does not take it. Facts live until their entity's next event, long enough to be promoted
 * to the old generation in a replay, so each string a version keeps needlessly is a copy for the
 * collector.
 */
public abstract class EntityFact {
    /** The event that produced this version of the fact. */
    public String eventId;
    public String eventType;
    public long occurredAt;

    protected void stamp(io.scem.core.event.SupplyEvent e) {
        eventId = e.eventId;
        eventType = e.type.name();
        occurredAt = e.occurredAt;
    }

    /** The entity key this fact is kept under (see {@link EntityKeys}). */
    public abstract String entityKey();

    /**
     * This fact as rules must see it when it is replayed into a fresh engine after a restore:
     * as if it were the entity's first version, so that "changed" flags re-arm what they armed.
     */
    public EntityFact rearmed() {
        return this;
    }

    /**
     * For {@link #rearmed}: the event that set a time ({@code ...SetBy}) as recorded; for a time
     * set in a fact kept by a version that did not record it (restored from an older savepoint),
     * this fact's own event, which is what deadlines named then.
     */
    protected String setByOrOwn(Object time, String setBy) {
        return time != null && setBy == null ? eventId : setBy;
    }

    /**
     * False while the rule engine has seen no fact of this entity (a stock known so far only
     * through allocations): such a state is not replayed into a rebuilt engine.
     */
    public boolean seenByRules() {
        return true;
    }

    /** An entity that is no longer open can be forgotten once late duplicates can no longer come. */
    public boolean isOpen() {
        return true;
    }

    public String getEventId() {
        return eventId;
    }

    public String getEventType() {
        return eventType;
    }

    public long getOccurredAt() {
        return occurredAt;
    }

    public boolean getOpen() {
        return isOpen();
    }
}
