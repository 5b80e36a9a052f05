package io.scem.core.event;

/** The payload fields of the event contract, with the JSON kind each one must have and whether its texts are names. */
public enum Field {
    PO_ID("poId", Kind.TEXT),
    SUPPLIER_ID("supplierId", Kind.TEXT, Names.SHARED),
    SITE("site", Kind.TEXT, Names.SHARED),
    SKU("sku", Kind.TEXT, Names.SHARED),
    QUANTITY("quantity", Kind.INTEGER),
    EXPECTED_AT("expectedAt", Kind.INSTANT),
    WORK_ORDER_ID("workOrderId", Kind.TEXT),
    DUE_AT("dueAt", Kind.INSTANT),
    LINE_ID("lineId", Kind.TEXT, Names.SHARED),
    REASON("reason", Kind.TEXT, Names.SHARED),
    ORDER_ID("orderId", Kind.TEXT),
    CUSTOMER_ID("customerId", Kind.TEXT, Names.SHARED),
    SHIPMENT_ID("shipmentId", Kind.TEXT),
    CARRIER_ID("carrierId", Kind.TEXT, Names.SHARED),
    DESTINATION("destination", Kind.TEXT, Names.SHARED),
    PROMISED_AT("promisedAt", Kind.INSTANT),
    ETA("eta", Kind.INSTANT),
    LOCATION("location", Kind.TEXT, Names.SHARED);

    /** How a field is written in JSON. */
    public enum Kind { TEXT, INTEGER, INSTANT }

    /** Marks the texts that name a place, product, partner or reason: few distinct values, {@link SharedStrings shared}. */
    private interface Names {
        boolean SHARED = true;
    }

    private final String json;
    private final Kind kind;
    private final boolean name;

    Field(String json, Kind kind) {
        this(json, kind, false);
    }

    Field(String json, Kind kind, boolean name) {
        this.json = json;
        this.kind = kind;
        this.name = name;
    }

    public String json() {
        return json;
    }

    public Kind kind() {
        return kind;
    }

    /** True for a text that names a place, product, partner or reason (ids of single things are not names). */
    public boolean isName() {
        return name;
    }
}
