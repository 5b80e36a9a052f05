package io.scem.core.event;

/** The stage of the supply chain an event comes from; each stage has its own Kafka topic. */
public enum Stage {
    SUPPLIER("scem.supplier"),
    PRODUCTION("scem.production"),
    WAREHOUSE("scem.warehouse"),
    DISTRIBUTION("scem.distribution"),
    ORDERS("scem.orders");

    private final String topic;

    Stage(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    public String label() {
        return name().toLowerCase();
    }
}
