package io.scem.core.entity;

import io.scem.core.event.SupplyEvent;

/** The kinds of entity the job keeps state for, each with how an event changes it. */
public enum EntityKind {
    STOCK("stock") {
        @Override
        public EntityFact apply(EntityFact current, SupplyEvent e) {
            return StockLevel.next((StockLevel) current, e);
        }
    },
    PURCHASE_ORDER("po") {
        @Override
        public EntityFact apply(EntityFact current, SupplyEvent e) {
            return PurchaseOrder.next((PurchaseOrder) current, e);
        }
    },
    WORK_ORDER("wo") {
        @Override
        public EntityFact apply(EntityFact current, SupplyEvent e) {
            return WorkOrder.next((WorkOrder) current, e);
        }
    },
    SHIPMENT("shipment") {
        @Override
        public EntityFact apply(EntityFact current, SupplyEvent e) {
            return Shipment.next((Shipment) current, e);
        }
    },
    ORDER("order") {
        @Override
        public EntityFact apply(EntityFact current, SupplyEvent e) {
            return CustomerOrder.next((CustomerOrder) current, e);
        }
    },
    LINE("line") {
        @Override
        public EntityFact apply(EntityFact current, SupplyEvent e) {
            return ProductionLine.next((ProductionLine) current, e);
        }
    },
    SUPPLIER("supplier") {
        @Override
        public EntityFact apply(EntityFact current, SupplyEvent e) {
            return SupplierRecord.next((SupplierRecord) current, e);
        }
    };

    private final String prefix;

    EntityKind(String prefix) {
        this.prefix = prefix;
    }

    /**
     * True for the kinds that other entities feed ({@link DerivedEvents}): stock (its supply due in
     * comes from POs and work orders) and suppliers (their receipts come from POs). The job keeps
     * them in a second rule stage, after the entities that feed them.
     */
    public boolean isFedByOthers() {
        return this == STOCK || this == SUPPLIER;
    }

    /** True for the kinds that open and close (POs, work orders, shipments, orders): see {@link IdleEntities}. */
    public boolean hasLifecycle() {
        return this == PURCHASE_ORDER || this == WORK_ORDER || this == SHIPMENT || this == ORDER;
    }

    /** The entity's next state after {@code e}; {@code current} is null for a new entity. */
    public abstract EntityFact apply(EntityFact current, SupplyEvent e);

    String prefix() {
        return prefix;
    }
}
