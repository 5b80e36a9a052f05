package io.scem.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated event of the contract. Flat on purpose: every type's payload fields live side by
 * side (absent ones are null), which keeps the class a plain POJO for Flink's serializer and one
 * allocation per event on the hot path. Instants are epoch milliseconds.
 */
public class SupplyEvent {
    public String eventId;
    public EventType type;
    public long occurredAt;
    public String source;
    /** Position in its input (file line, Kafka offset): breaks ties between equal occurredAt. */
    public long sequence;
    /**
     * The input partition it came from (a Kafka topic-partition, a file). Events of one partition
     * arrive in order, mostly in time order too: the job merges partitions rather than sorting.
     */
    public int partition;

    public String poId;
    public String supplierId;
    public String site;
    public String sku;
    public Long quantity;
    public Long expectedAt;
    public String workOrderId;
    public Long dueAt;
    public String lineId;
    public String reason;
    public String orderId;
    public String customerId;
    public String shipmentId;
    public String carrierId;
    public String destination;
    public Long promisedAt;
    public Long eta;
    public String location;

    public SupplyEvent() {}

    public SupplyEvent(String eventId, EventType type, long occurredAt) {
        this.eventId = eventId;
        this.type = type;
        this.occurredAt = occurredAt;
    }

    /** Sets a text field of the payload (as decoded). */
    public void set(Field field, String text) {
        switch (field) {
            case PO_ID -> poId = text;
            case SUPPLIER_ID -> supplierId = text;
            case SITE -> site = text;
            case SKU -> sku = text;
            case WORK_ORDER_ID -> workOrderId = text;
            case LINE_ID -> lineId = text;
            case REASON -> reason = text;
            case ORDER_ID -> orderId = text;
            case CUSTOMER_ID -> customerId = text;
            case SHIPMENT_ID -> shipmentId = text;
            case CARRIER_ID -> carrierId = text;
            case DESTINATION -> destination = text;
            case LOCATION -> location = text;
            default -> throw new IllegalArgumentException(field + " is not text");
        }
    }

    /** A text field of the payload, null when absent. */
    public String text(Field field) {
        return switch (field) {
            case PO_ID -> poId;
            case SUPPLIER_ID -> supplierId;
            case SITE -> site;
            case SKU -> sku;
            case WORK_ORDER_ID -> workOrderId;
            case LINE_ID -> lineId;
            case REASON -> reason;
            case ORDER_ID -> orderId;
            case CUSTOMER_ID -> customerId;
            case SHIPMENT_ID -> shipmentId;
            case CARRIER_ID -> carrierId;
            case DESTINATION -> destination;
            case LOCATION -> location;
            default -> throw new IllegalArgumentException(field + " is not text");
        };
    }

    /** Sets an integer or instant (epoch millis) field of the payload (as decoded). */
    public void set(Field field, long value) {
        switch (field) {
            case QUANTITY -> quantity = value;
            case EXPECTED_AT -> expectedAt = value;
            case DUE_AT -> dueAt = value;
            case PROMISED_AT -> promisedAt = value;
            case ETA -> eta = value;
            default -> throw new IllegalArgumentException(field + " is not a number");
        }
    }

    public long quantityOrZero() {
        return quantity == null ? 0L : quantity;
    }

    @Override
    public String toString() {
        return type + "[" + eventId + " @" + Instant.ofEpochMilli(occurredAt) + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SupplyEvent e)) return false;
        return occurredAt == e.occurredAt && sequence == e.sequence && partition == e.partition && type == e.type
                && Objects.equals(eventId, e.eventId) && Objects.equals(source, e.source)
                && Objects.equals(poId, e.poId) && Objects.equals(supplierId, e.supplierId)
                && Objects.equals(site, e.site) && Objects.equals(sku, e.sku)
                && Objects.equals(quantity, e.quantity) && Objects.equals(expectedAt, e.expectedAt)
                && Objects.equals(workOrderId, e.workOrderId) && Objects.equals(dueAt, e.dueAt)
                && Objects.equals(lineId, e.lineId) && Objects.equals(reason, e.reason)
                && Objects.equals(orderId, e.orderId) && Objects.equals(customerId, e.customerId)
                && Objects.equals(shipmentId, e.shipmentId) && Objects.equals(carrierId, e.carrierId)
                && Objects.equals(destination, e.destination) && Objects.equals(promisedAt, e.promisedAt)
                && Objects.equals(eta, e.eta) && Objects.equals(location, e.location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, type, occurredAt);
    }
}
