package io.scem.core.order;

/** One line of an order's history: when, and what happened, in words. */
public class OrderChange {
    public long at;
    public String what;

    public OrderChange() {}

    public OrderChange(long at, String what) {
        this.at = at;
        this.what = what;
    }
}
