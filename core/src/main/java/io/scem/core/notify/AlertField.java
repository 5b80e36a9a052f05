package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The alert fields that routes, silences and inhibit rules may match and group on, by the names
 * of the alert's JSON. An absent field reads as the empty text, as a missing label does in
 * Alertmanager: {@code supplierId: ""} matches alerts without a supplier.
 *
 * <p>{@code status} is deliberately not here: a route must see both the FIRING and the RESOLVED of
 * an alert to close its episode; whether a receiver hears of resolved alerts is {@code send_resolved}.
 */
public enum AlertField {
    RULE("rule", a -> a.rule),
    SEVERITY("severity", a -> a.severity),
    STAGE("stage", a -> a.stage),
    KEY("key", a -> a.key),
    SITE("site", a -> a.site),
    SKU("sku", a -> a.sku),
    SUPPLIER_ID("supplierId", a -> a.supplierId),
    CARRIER_ID("carrierId", a -> a.carrierId),
    PO_ID("poId", a -> a.poId),
    WORK_ORDER_ID("workOrderId", a -> a.workOrderId),
    SHIPMENT_ID("shipmentId", a -> a.shipmentId),
    ORDER_ID("orderId", a -> a.orderId),
    CUSTOMER_ID("customerId", a -> a.customerId);

    private static final Map<String, AlertField> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AlertField::fieldName, f -> f));

    /** The names, for messages that say which fields exist. */
    public static final String NAMES = Arrays.stream(values()).map(AlertField::fieldName).collect(Collectors.joining(", "));

    private final String fieldName;
    private final Function<Alert, String> getter;

    AlertField(String fieldName, Function<Alert, String> getter) {
        this.fieldName = fieldName;
        this.getter = getter;
    }

    public String fieldName() {
        return fieldName;
    }

    /** The alert's value of this field, the empty text when absent. */
    public String of(Alert alert) {
        String v = getter.apply(alert);
        return v == null ? "" : v;
    }

    /** The field with this JSON name, or null. */
    public static AlertField byName(String name) {
        return BY_NAME.get(name);
    }
}
