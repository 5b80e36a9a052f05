package io.scem.jobs.orders;

import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.order.OrderSignal;
import io.scem.core.order.OrderStatus;
import io.scem.jobs.monitoring.FieldByFieldSerializer;
import io.scem.jobs.monitoring.OwnSerializerTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * How an {@link OrderSignal} crosses the keyBy to the order status stage: only what {@link
 * OrderStatus#apply} reads of the order or shipment fact it carries, written field by field.
 * Flink's POJO serializer wrote all of both facts' fields (ids of the events behind them, flags the
 * rules read) and set each one by reflection on the way back.
 *
 * <p>Only on the wire: the signals the stage holds in checkpoints keep their POJO form, so
 * savepoints are unchanged. A field that {@link OrderStatus} starts to read must be added here
 * ({@code OrderSignalWireTest} applies a simulated month's signals both ways and compares).
 */
public final class OrderSignalWire extends FieldByFieldSerializer<OrderSignal> {
    public static final OrderSignalWire INSTANCE = new OrderSignalWire();
    /** The type information that selects this serializer for a stream of signals. */
    public static final TypeInformation<OrderSignal> TYPE = new OwnSerializerTypeInfo<>(OrderSignal.class, INSTANCE);

    private static final byte ORDER = 0;
    private static final byte SHIPMENT = 1;
    private static final byte ALERT = 2;

    @Override
    public OrderSignal createInstance() {
        return new OrderSignal();
    }

    @Override
    public OrderSignal copy(OrderSignal from) {
        // Facts are never changed once made (each event makes a new version): a copy may share them.
        OrderSignal copy = new OrderSignal();
        copy.at = from.at;
        copy.orderId = from.orderId;
        copy.order = from.order;
        copy.shipment = from.shipment;
        copy.alertStatus = from.alertStatus;
        copy.alertMessage = from.alertMessage;
        return copy;
    }

    @Override
    protected void write(OrderSignal signal, DataOutputView out) throws IOException {
        out.writeLong(signal.at);
        StringValue.writeString(signal.orderId, out);
        if (signal.order != null) {
            CustomerOrder o = signal.order;
            out.writeByte(ORDER);
            StringValue.writeString(o.eventType, out);
            out.writeLong(o.occurredAt);
            StringValue.writeString(o.customerId, out);
            StringValue.writeString(o.site, out);
            StringValue.writeString(o.sku, out);
            writeNullable(o.quantity, out);
            writeNullable(o.placedAt, out);
            writeNullable(o.promisedAt, out);
            out.writeLong(o.issuedQuantity);
            StringValue.writeString(o.shipmentId, out);
        } else if (signal.shipment != null) {
            Shipment sh = signal.shipment;
            out.writeByte(SHIPMENT);
            StringValue.writeString(sh.eventType, out);
            out.writeLong(sh.occurredAt);
            StringValue.writeString(sh.shipmentId, out);
            StringValue.writeString(sh.carrierId, out);
            StringValue.writeString(sh.destination, out);
            writeNullable(sh.promisedAt, out);
            writeNullable(sh.dispatchedAt, out);
            StringValue.writeString(sh.lastLocation, out);
            writeNullable(sh.eta, out);
            StringValue.writeString(sh.exceptionReason, out);
        } else {
            out.writeByte(ALERT);
            StringValue.writeString(signal.alertStatus, out);
            StringValue.writeString(signal.alertMessage, out);
        }
    }

    @Override
    public OrderSignal deserialize(DataInputView in) throws IOException {
        OrderSignal signal = new OrderSignal();
        signal.at = in.readLong();
        signal.orderId = StringValue.readString(in);
        byte kind = in.readByte();
        if (kind == ORDER) {
            CustomerOrder o = new CustomerOrder();
            o.orderId = signal.orderId;
            o.eventType = StringValue.readString(in);
            o.occurredAt = in.readLong();
            o.customerId = StringValue.readString(in);
            o.site = StringValue.readString(in);
            o.sku = StringValue.readString(in);
            o.quantity = readNullable(in);
            o.placedAt = readNullable(in);
            o.promisedAt = readNullable(in);
            o.issuedQuantity = in.readLong();
            o.shipmentId = StringValue.readString(in);
            signal.order = o;
        } else if (kind == SHIPMENT) {
            Shipment sh = new Shipment();
            sh.orderId = signal.orderId;
            sh.eventType = StringValue.readString(in);
            sh.occurredAt = in.readLong();
            sh.shipmentId = StringValue.readString(in);
            sh.carrierId = StringValue.readString(in);
            sh.destination = StringValue.readString(in);
            sh.promisedAt = readNullable(in);
            sh.dispatchedAt = readNullable(in);
            sh.lastLocation = StringValue.readString(in);
            sh.eta = readNullable(in);
            sh.exceptionReason = StringValue.readString(in);
            signal.shipment = sh;
        } else {
            signal.alertStatus = StringValue.readString(in);
            signal.alertMessage = StringValue.readString(in);
        }
        return signal;
    }

    private static void writeNullable(Long value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) out.writeLong(value);
    }

    private static Long readNullable(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    @Override
    public TypeSerializerSnapshot<OrderSignal> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1 of the format above (never in a savepoint today, but Flink asks every serializer for one). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OrderSignal> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
