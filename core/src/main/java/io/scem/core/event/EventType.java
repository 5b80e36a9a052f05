package io.scem.core.event;

import static io.scem.core.event.Field.*;

import java.util.List;

/** Every event type of the contract, with its stage and the fields it must carry. */
public enum EventType {
    PO_PLACED(Stage.SUPPLIER, List.of(PO_ID, SUPPLIER_ID, SITE, SKU, QUANTITY, EXPECTED_AT)),
    PO_CONFIRMED(Stage.SUPPLIER, List.of(PO_ID, EXPECTED_AT)),
    PO_SHIPPED(Stage.SUPPLIER, List.of(PO_ID, QUANTITY, EXPECTED_AT)),
    WORK_ORDER_RELEASED(Stage.PRODUCTION, List.of(WORK_ORDER_ID, SITE, SKU, QUANTITY, DUE_AT)),
    WORK_ORDER_STARTED(Stage.PRODUCTION, List.of(WORK_ORDER_ID)),
    WORK_ORDER_COMPLETED(Stage.PRODUCTION, List.of(WORK_ORDER_ID, QUANTITY)),
    LINE_STOPPED(Stage.PRODUCTION, List.of(SITE, LINE_ID, REASON)),
    LINE_RESUMED(Stage.PRODUCTION, List.of(SITE, LINE_ID)),
    GOODS_RECEIVED(Stage.WAREHOUSE, List.of(SITE, SKU, QUANTITY)),
    GOODS_ISSUED(Stage.WAREHOUSE, List.of(SITE, SKU, QUANTITY)),
    STOCK_COUNTED(Stage.WAREHOUSE, List.of(SITE, SKU, QUANTITY)),
    STOCK_ADJUSTED(Stage.WAREHOUSE, List.of(SITE, SKU, QUANTITY, REASON)),
    SHIPMENT_DISPATCHED(Stage.DISTRIBUTION, List.of(SHIPMENT_ID, CARRIER_ID, SITE, DESTINATION, PROMISED_AT)),
    SHIPMENT_ETA_UPDATED(Stage.DISTRIBUTION, List.of(SHIPMENT_ID, ETA)),
    SHIPMENT_CHECKPOINT(Stage.DISTRIBUTION, List.of(SHIPMENT_ID, LOCATION)),
    SHIPMENT_DELIVERED(Stage.DISTRIBUTION, List.of(SHIPMENT_ID)),
    SHIPMENT_EXCEPTION(Stage.DISTRIBUTION, List.of(SHIPMENT_ID, REASON)),
    ORDER_PLACED(Stage.ORDERS, List.of(ORDER_ID, CUSTOMER_ID, SITE, SKU, QUANTITY, PROMISED_AT)),
    ORDER_CANCELLED(Stage.ORDERS, List.of(ORDER_ID));

    private final Stage stage;
    private final List<Field> required;
    private final int requiredMask;

    EventType(Stage stage, List<Field> required) {
        this.stage = stage;
        this.required = required;
        this.requiredMask = required.stream().mapToInt(f -> 1 << f.ordinal()).reduce(0, (a, b) -> a | b);
    }

    public Stage stage() {
        return stage;
    }

    public List<Field> requiredFields() {
        return required;
    }

    /** The required fields as bits ({@code 1 << ordinal}), for decoders that note the fields seen that way. */
    public int requiredMask() {
        return requiredMask;
    }
}
