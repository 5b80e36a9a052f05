package io.scem.core.entity;

import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * One SKU at one site: on-hand (with the level before the last movement), the supply due in (open
 * purchase and work orders), the open customer orders not yet issued (allocations, for
 * available-to-promise) and the recent demand (units issued per day). A fact per warehouse
 * movement, and per change of the supply due in: POs and work orders are entities of their own,
 * whose changes reach the stock as derived events ({@link DerivedEvents}) with the PO's or work
 * order's site, SKU, quantity and due time.
 *
 * <p>Customer orders reach the stock the same way (placed: allocate; cancelled or dispatched:
 * release), and an issue naming an order takes what it issued off that order's allocation. An
 * allocation changes nothing the rules read, so it is no new fact for them: the state keeps the
 * stamp (eventId, eventType, occurredAt) and every rule-visible value of the last fact, and the
 * job does not hand it to the rule engine (see {@link DerivedEvents#isAllocation}). After a
 * restore the rules are therefore rebuilt from exactly the fact they last saw.
 *
 * <p>Arrays are never changed in place: a new fact shares the arrays it does not change with the
 * previous one (the rule engine may still hold the previous fact).
 */
public class StockLevel extends EntityFact {
    /** Days of issues kept, the longest demand window a rule can ask for. */
    public static final int MAX_DEMAND_DAYS = 28;
    /** Open supply overdue by more than this is dropped: a PO nobody received for a month is not coming. */
    public static final long INBOUND_EXPIRY = 30 * Instants.DAY;
    /** An allocation whose promise is this far past is dropped: an order nobody closed for a month is not shipping. */
    public static final long ALLOCATION_EXPIRY = 30 * Instants.DAY;

    public String site;
    public String sku;
    public long previousOnHand;
    public long onHand;
    /** False until the first movement: a stock first heard of through a PO due in has no known on-hand. */
    public boolean onHandKnown;
    /** Open supply by due time: the entity key of its PO or work order, when it is due and how much. */
    public String[] inboundIds;
    public long[] inboundDueAt;
    public long[] inboundQuantity;
    /**
     * Open customer orders not yet issued, in the order they were placed: the orderId, what is
     * left to issue of it and its promise. Not seen by the rules.
     */
    public String[] allocatedIds;
    public long[] allocatedQuantity;
    public long[] allocatedPromisedAt;
    /** Event time and eventId of the latest change of any kind, allocations included (the stamp is the rules' last fact's). */
    public long changedAt;
    public String changedBy;
    /** Units issued per UTC day, newest first: {@code dailyIssued[0]} is day {@link #issuedDay} (epoch day). */
    public long[] dailyIssued;
    public long issuedDay;
    /** The first event seen for this stock: demand is averaged over no more time than that. */
    public long trackedSince;
    /** When a movement last took on-hand from above 0 to 0 or below (as STOCK_OUT sees it); null while in stock. */
    public Long outOfStockSince;
    /** On the movement that brought on-hand back above 0: how long it had been out (ms); 0 on every other fact. */
    public long stockOutEndedAfter;

    /** A stock nothing was heard of yet (and Flink's way to make one before setting its fields). */
    public StockLevel() {
        inboundIds = new String[0];
        inboundDueAt = new long[0];
        inboundQuantity = new long[0];
        allocatedIds = new String[0];
        allocatedQuantity = new long[0];
        allocatedPromisedAt = new long[0];
        dailyIssued = new long[MAX_DEMAND_DAYS + 1];
    }

    /**
     * The next fact's start: {@code from}'s values, sharing its arrays. Not through the public
     * constructor, whose fresh arrays (overwritten at once) were ~2 % of a replay's allocations.
     */
    private StockLevel(StockLevel from) {
        site = from.site;
        sku = from.sku;
        onHand = from.onHand;
        previousOnHand = from.previousOnHand;
        onHandKnown = from.onHandKnown;
        inboundIds = from.inboundIds;
        inboundDueAt = from.inboundDueAt;
        inboundQuantity = from.inboundQuantity;
        allocatedIds = from.allocatedIds;
        allocatedQuantity = from.allocatedQuantity;
        allocatedPromisedAt = from.allocatedPromisedAt;
        changedAt = from.changedAt;
        changedBy = from.changedBy;
        dailyIssued = from.dailyIssued;
        issuedDay = from.issuedDay;
        trackedSince = from.trackedSince;
        outOfStockSince = from.outOfStockSince;
    }

    /**
     * Applies a warehouse movement or a change of supply due in. A count sets on-hand, a receipt
     * adds (and closes the PO or work order it names), an issue subtracts (and counts as demand),
     * an adjustment adds its signed delta. A derived PO_PLACED, PO_CONFIRMED or PO_SHIPPED sets the
     * PO's supply due in, a derived WORK_ORDER_RELEASED the work order's. Before its first event an
     * item's on-hand is 0.
     */
    public static StockLevel next(StockLevel current, SupplyEvent e) {
        if (DerivedEvents.isAllocation(e)) return withAllocation(current, e);
        StockLevel s = current == null ? new StockLevel() : new StockLevel(current);
        if (current == null || !current.seenByRules()) {
            // A stock known so far only through its allocations starts being tracked now.
            s.trackedSince = e.occurredAt;
            s.issuedDay = Instants.epochDay(e.occurredAt);
        }
        s.changedAt = e.occurredAt;
        s.changedBy = e.eventId;
        s.site = e.site;
        s.sku = e.sku;
        s.previousOnHand = s.onHand;
        switch (e.type) {
            case STOCK_COUNTED -> s.onHand = e.quantityOrZero();
            case STOCK_ADJUSTED -> s.onHand += e.quantityOrZero();
            case GOODS_RECEIVED -> {
                s.onHand += e.quantityOrZero();
                if (e.poId != null) s.removeInbound(EntityKeys.purchaseOrder(e.poId));
                if (e.workOrderId != null) s.removeInbound(EntityKeys.workOrder(e.workOrderId));
            }
            case GOODS_ISSUED -> {
                s.onHand -= e.quantityOrZero();
                s.addIssued(e.occurredAt, e.quantityOrZero());
                if (e.orderId != null) s.issueAllocation(e.orderId, e.quantityOrZero());
            }
            case PO_PLACED, PO_CONFIRMED, PO_SHIPPED ->
                    s.putInbound(EntityKeys.purchaseOrder(e.poId), e.expectedAt, e.quantityOrZero());
            case WORK_ORDER_RELEASED -> s.putInbound(EntityKeys.workOrder(e.workOrderId), e.dueAt, e.quantityOrZero());
            default -> throw new IllegalArgumentException("not a stock movement: " + e.type);
        }
        s.expireInbound(e.occurredAt - INBOUND_EXPIRY);
        s.expireAllocations(e.occurredAt - ALLOCATION_EXPIRY);
        s.stamp(e);
        s.onHandKnown |= s.isMovement();
        if (s.onHand <= 0 && s.previousOnHand > 0) {
            s.outOfStockSince = e.occurredAt;
        } else if (s.onHand > 0 && s.outOfStockSince != null) {
            s.stockOutEndedAfter = e.occurredAt - s.outOfStockSince;
            s.outOfStockSince = null;
        }
        return s;
    }

    /**
     * A derived ORDER_PLACED allocates the order's quantity left to issue (replacing what it
     * allocated before); a derived ORDER_CANCELLED or SHIPMENT_DISPATCHED releases what is left.
     * Everything the rules read stays as it was, the stamp included.
     */
    private static StockLevel withAllocation(StockLevel current, SupplyEvent e) {
        StockLevel s = current == null ? new StockLevel() : new StockLevel(current);
        if (current == null) {
            s.site = e.site;
            s.sku = e.sku;
        } else {
            s.eventId = current.eventId;
            s.eventType = current.eventType;
            s.occurredAt = current.occurredAt;
            s.stockOutEndedAfter = current.stockOutEndedAfter;
        }
        s.changedAt = e.occurredAt;
        s.changedBy = e.eventId;
        String order = e.orderId;
        if (e.type == EventType.ORDER_PLACED) {
            s.putAllocation(order, e.quantityOrZero(), e.promisedAt == null ? e.occurredAt : e.promisedAt);
        } else {
            s.removeAllocation(order);
        }
        s.expireAllocations(e.occurredAt - ALLOCATION_EXPIRY);
        return s;
    }

    /** False for a stock known only through the orders allocated on it: the rules have seen no fact of it yet. */
    @Override
    public boolean seenByRules() {
        return eventType != null;
    }

    /** Units allocated to open orders, all of them. */
    public long allocated() {
        long total = 0;
        for (long q : allocatedQuantity) total += q;
        return total;
    }

    /** True when {@code other} has the same on-hand, supply due in and allocations: what ATP is made of. */
    public boolean sameAvailability(StockLevel other) {
        // Arrays are shared between facts until they change, so identity tells.
        return other != null && onHand == other.onHand && inboundDueAt == other.inboundDueAt
                && inboundQuantity == other.inboundQuantity && allocatedIds == other.allocatedIds
                && allocatedQuantity == other.allocatedQuantity;
    }

    /** True when this fact's event moved stock (not a change of the supply due in). */
    public boolean isMovement() {
        if (eventType == null) return false;
        return switch (eventType) {
            case "STOCK_COUNTED", "STOCK_ADJUSTED", "GOODS_RECEIVED", "GOODS_ISSUED" -> true;
            default -> false;
        };
    }

    /**
     * Units issued per day over the last {@code days} days before today (UTC) plus today so far,
     * divided by the time that covers; no more than the time since the stock was first seen, and
     * no less than a day, so that a new item's first issue is not read as a year's demand.
     */
    public double demandPerDay(int days) {
        int window = Math.max(1, Math.min(days, MAX_DEMAND_DAYS));
        long today = Instants.epochDay(occurredAt);
        long issued = 0;
        for (int i = 0; i <= window; i++) {
            long day = today - i;
            int index = (int) (issuedDay - day);
            if (index >= 0 && index < dailyIssued.length) issued += dailyIssued[index];
        }
        double covered = window + (double) (occurredAt - today * Instants.DAY) / Instants.DAY;
        double tracked = (double) (occurredAt - trackedSince) / Instants.DAY;
        return issued / Math.max(1.0, Math.min(covered, tracked));
    }

    /** Units due in at or before {@code until} (overdue supply included). */
    public long inboundBy(long until) {
        long total = 0;
        for (int i = 0; i < inboundDueAt.length && inboundDueAt[i] <= until; i++) total += inboundQuantity[i];
        return total;
    }

    /**
     * When on-hand is projected to fall to {@code level} or below before {@code horizonEnd}: stock
     * drawn down at {@link #demandPerDay} from now, topped up by each supply due in at its due time
     * (overdue supply counts as arriving now). Returns null when stock lasts to the horizon, this
     * fact's time when on-hand already is at or below the level.
     */
    public Long runsOutAt(long horizonEnd, int demandDays, long level) {
        double perMilli = demandPerDay(demandDays) / Instants.DAY;
        double stock = onHand;
        long now = occurredAt;
        if (stock <= level) return now;
        for (int i = 0; i < inboundDueAt.length && inboundDueAt[i] <= horizonEnd; i++) {
            long due = Math.max(inboundDueAt[i], occurredAt);
            Long out = exhaustedBefore(stock, now, due, perMilli, level);
            if (out != null) return out;
            stock -= perMilli * (due - now) - inboundQuantity[i];
            now = due;
        }
        return exhaustedBefore(stock, now, horizonEnd, perMilli, level);
    }

    /** When {@code stock} at {@code from}, drawn at {@code perMilli}, reaches {@code level} before {@code until}. */
    private static Long exhaustedBefore(double stock, long from, long until, double perMilli, long level) {
        if (perMilli <= 0 || stock - perMilli * (until - from) > level) return null;
        return from + (long) Math.ceil((stock - level) / perMilli);
    }

    private void addIssued(long at, long quantity) {
        long day = Instants.epochDay(at);
        long[] days = dailyIssued.clone();
        if (day > issuedDay) {
            // Shift the window forward: newest first, days older than the window fall off.
            int shift = (int) Math.min(day - issuedDay, days.length);
            System.arraycopy(days, 0, days, shift, days.length - shift);
            Arrays.fill(days, 0, shift, 0);
            issuedDay = day;
        }
        int index = (int) (issuedDay - day);
        if (index < days.length) days[index] += quantity;
        dailyIssued = days;
    }

    /** Sets the supply due in of {@code id} (replacing what it said before), kept in due order. */
    private void putInbound(String id, Long dueAt, long quantity) {
        if (dueAt == null) return;
        removeInbound(id);
        int at = 0;
        while (at < inboundDueAt.length && inboundDueAt[at] <= dueAt) at++;
        inboundIds = insert(inboundIds, at, id);
        long[] due = new long[inboundDueAt.length + 1];
        long[] qty = new long[inboundQuantity.length + 1];
        System.arraycopy(inboundDueAt, 0, due, 0, at);
        System.arraycopy(inboundQuantity, 0, qty, 0, at);
        due[at] = dueAt;
        qty[at] = quantity;
        System.arraycopy(inboundDueAt, at, due, at + 1, inboundDueAt.length - at);
        System.arraycopy(inboundQuantity, at, qty, at + 1, inboundQuantity.length - at);
        inboundDueAt = due;
        inboundQuantity = qty;
    }

    private static String[] insert(String[] array, int at, String value) {
        String[] out = new String[array.length + 1];
        System.arraycopy(array, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(array, at, out, at + 1, array.length - at);
        return out;
    }

    private void removeInbound(String id) {
        int i = Arrays.asList(inboundIds).indexOf(id);
        if (i >= 0) keepInbound(j -> j != i);
    }

    private void expireInbound(long dueBefore) {
        if (inboundDueAt.length > 0 && inboundDueAt[0] < dueBefore) keepInbound(j -> inboundDueAt[j] >= dueBefore);
    }

    private void keepInbound(IntPredicate keep) {
        int n = 0;
        for (int j = 0; j < inboundIds.length; j++) if (keep.test(j)) n++;
        String[] ids = new String[n];
        long[] due = new long[n];
        long[] qty = new long[n];
        for (int j = 0, k = 0; j < inboundIds.length; j++) {
            if (!keep.test(j)) continue;
            ids[k] = inboundIds[j];
            due[k] = inboundDueAt[j];
            qty[k++] = inboundQuantity[j];
        }
        inboundIds = ids;
        inboundDueAt = due;
        inboundQuantity = qty;
    }

    private void putAllocation(String order, long quantity, long promisedAt) {
        removeAllocation(order);
        if (quantity <= 0) return;
        int n = allocatedIds.length;
        String[] ids = Arrays.copyOf(allocatedIds, n + 1);
        long[] qty = Arrays.copyOf(allocatedQuantity, n + 1);
        long[] promised = Arrays.copyOf(allocatedPromisedAt, n + 1);
        ids[n] = order;
        qty[n] = quantity;
        promised[n] = promisedAt;
        allocatedIds = ids;
        allocatedQuantity = qty;
        allocatedPromisedAt = promised;
    }

    /** Takes {@code issued} units off the order's allocation; an allocation issued in full is gone. */
    private void issueAllocation(String order, long issued) {
        int i = Arrays.asList(allocatedIds).indexOf(order);
        if (i < 0 || issued <= 0) return;
        if (allocatedQuantity[i] <= issued) {
            keepAllocations(j -> j != i);
        } else {
            long[] qty = allocatedQuantity.clone();
            qty[i] -= issued;
            allocatedQuantity = qty;
        }
    }

    private void removeAllocation(String order) {
        int i = Arrays.asList(allocatedIds).indexOf(order);
        if (i >= 0) keepAllocations(j -> j != i);
    }

    private void expireAllocations(long promisedBefore) {
        for (long promised : allocatedPromisedAt) {
            if (promised < promisedBefore) {
                keepAllocations(j -> allocatedPromisedAt[j] >= promisedBefore);
                return;
            }
        }
    }

    private void keepAllocations(IntPredicate keep) {
        int n = 0;
        for (int j = 0; j < allocatedIds.length; j++) if (keep.test(j)) n++;
        String[] ids = new String[n];
        long[] qty = new long[n];
        long[] promised = new long[n];
        for (int j = 0, k = 0; j < allocatedIds.length; j++) {
            if (!keep.test(j)) continue;
            ids[k] = allocatedIds[j];
            qty[k] = allocatedQuantity[j];
            promised[k++] = allocatedPromisedAt[j];
        }
        allocatedIds = ids;
        allocatedQuantity = qty;
        allocatedPromisedAt = promised;
    }

    @Override
    public String entityKey() {
        return EntityKeys.stock(site, sku);
    }

    public String getSite() {
        return site;
    }

    public String getSku() {
        return sku;
    }

    public long getPreviousOnHand() {
        return previousOnHand;
    }

    public long getOnHand() {
        return onHand;
    }

    public boolean isOnHandKnown() {
        return onHandKnown;
    }
}
