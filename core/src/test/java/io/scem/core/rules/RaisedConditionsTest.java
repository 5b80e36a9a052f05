package io.scem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.core.alert.Alert;
import org.junit.jupiter.api.Test;

class RaisedConditionsTest {

    @Test
    void shouldAdmitEveryFiringButOnlyOneResolveOfWhatWasRaised() {
        RaisedConditions raised = RaisedConditions.tracking();

        assertThat(raised.admit("DELIVERY_LATE", Alert.RESOLVED, "SH-1")).as("never raised").isFalse();
        assertThat(raised.admit("DELIVERY_LATE", Alert.FIRING, "SH-1")).isTrue();
        assertThat(raised.admit("DELIVERY_LATE", Alert.FIRING, "SH-1")).as("a repeat: the lifecycle ignores it").isTrue();
        assertThat(raised.admit("ETA_SLIP", Alert.RESOLVED, "SH-1")).as("another rule, same key").isFalse();
        assertThat(raised.admit("DELIVERY_LATE", Alert.RESOLVED, "SH-1")).isTrue();
        assertThat(raised.admit("DELIVERY_LATE", Alert.RESOLVED, "SH-1")).as("already resolved").isFalse();
        assertThat(raised.size()).isZero();
    }

    @Test
    void shouldForgetTheConditionsOfARuleThatNoLongerRuns() {
        RaisedConditions raised = RaisedConditions.tracking();
        raised.admit("LINE_DOWN", Alert.FIRING, "DC1|L1");
        raised.admit("STOCK_OUT", Alert.FIRING, "DC1|A");

        raised.forgetRule("LINE_DOWN");

        assertThat(raised.conditionKeys()).containsExactly("STOCK_OUT|DC1|A");
        assertThat(raised.admit("LINE_DOWN", Alert.RESOLVED, "DC1|L1")).isFalse();
    }

    @Test
    void shouldTakeBackWhatItListsForACheckpointKeysWithBarsIncluded() {
        RaisedConditions before = RaisedConditions.tracking();
        before.admit("STOCK_OUT", Alert.FIRING, "DC1|A");
        before.admit("SUPPLIER_LATE", Alert.FIRING, "PO-7");

        RaisedConditions after = RaisedConditions.tracking();
        before.conditionKeys().forEach(after::restore);

        assertThat(after.conditionKeys()).containsExactlyInAnyOrderElementsOf(before.conditionKeys());
        assertThat(after.admit("STOCK_OUT", Alert.RESOLVED, "DC1|A")).isTrue();
        assertThat(after.admit("SUPPLIER_LATE", Alert.RESOLVED, "PO-7")).isTrue();
        assertThatThrownBy(() -> after.restore("no-bar")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAdmitEveryResolveWhenWhatWasRaisedIsUnknown() {
        RaisedConditions unknown = RaisedConditions.admittingAll();

        assertThat(unknown.admit("DELIVERY_LATE", Alert.RESOLVED, "SH-1")).isTrue();
        assertThat(unknown.admitsAll()).isTrue();
        assertThat(unknown.conditionKeys()).as("nothing to keep").isEmpty();
    }
}
