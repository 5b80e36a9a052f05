package io.scem.core.event;

/** The payload fields of the event contract, with the JSON kind each one must have. */
public enum Field {
    PO_ID("poId", Kind.TEXT),
    SUPPLIER_ID("supplierId", Kind.TEXT),
    SITE("site", Kind.TEXT),
    SKU("sku", Kind.TEXT),
    QUANTITY("quantity", Kind.INTEGER),
    EXPECTED_AT("expectedAt", Kind.INSTANT),
    WORK_ORDER_ID("workOrderId", Kind.TEXT),
    DUE_AT("dueAt", Kind.INSTANT),
    LINE_ID("lineId", Kind.TEXT),
    REASON("reason", Kind.TEXT),
    ORDER_ID("orderId", Kind.TEXT),
    CUSTOMER_ID("customerId", Kind.TEXT),
    SHIPMENT_ID("shipmentId", Kind.TEXT),
    CARRIER_ID("carrierId", Kind.TEXT),
    DESTINATION("destination", Kind.TEXT),
    PROMISED_AT("promisedAt", Kind.INSTANT),
    ETA("eta", Kind.INSTANT),
    LOCATION("location", Kind.TEXT);

    /** How a field is written in JSON. */
    public enum Kind { TEXT, INTEGER, INSTANT }

    private final String json;
    private final Kind kind;

    Field(String json, Kind kind) {
        this.json = json;
        this.kind = kind;
    }

    public String json() {
        return json;
    }

    public Kind kind() {
        return kind;
    }
}
