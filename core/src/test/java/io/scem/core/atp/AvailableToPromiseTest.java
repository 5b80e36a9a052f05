package io.scem.core.atp;

import static io.scem.core.atp.AtpFixtures.FAR;
import static io.scem.core.atp.AtpFixtures.PLACED;
import static io.scem.core.atp.AtpFixtures.PROMISE;
import static io.scem.core.atp.AtpFixtures.RECEIPT;
import static io.scem.core.atp.AtpFixtures.SUBSTITUTES;
import static io.scem.core.atp.AtpFixtures.profile;
import static io.scem.core.atp.AtpFixtures.receipts;
import static io.scem.core.atp.AtpFixtures.world;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.scem.core.atp.AtpDecision.Alternative;
import io.scem.core.event.Instants;
import org.junit.jupiter.api.Test;

/** ATP of one stock, and the decision with its ranked alternatives, on hand-computed numbers. */
class AvailableToPromiseTest {
    private final AvailableToPromise atp = new AvailableToPromise(world(), SUBSTITUTES, AtpProfile.DEFAULT_HORIZON);

    @Test
    void availableIsOnHandLessAllocatedPlusReceiptsDueByThen() {
        AtpProfile dc3 = world().get("DC3", "SKU-9");
        assertThat(dc3.available(PROMISE)).isEqualTo(10 - 16);
        assertThat(dc3.available(RECEIPT)).isEqualTo(10 - 16 + 20);
        assertThat(dc3.available(FAR)).isEqualTo(10 - 16 + 20 + 30);
        assertThat(dc3.availableExcluding("SO-12", PROMISE)).as("its own allocation is not against it").isEqualTo(2);
        // 8 for a new order: on the 14th (-6 + 20), not before; 40 only with the receipt past the horizon.
        assertThat(dc3.earliest(8, PLACED, PLACED + AtpProfile.DEFAULT_HORIZON, null)).isEqualTo(RECEIPT);
        assertThat(dc3.earliest(40, PLACED, PLACED + AtpProfile.DEFAULT_HORIZON, null)).isNull();
        assertThat(dc3.earliest(40, PLACED, FAR, null)).isEqualTo(FAR);
        assertThat(dc3.earliest(2, PLACED, FAR, "SO-12")).as("available now").isEqualTo(PLACED);
    }

    @Test
    void theDailyProfileIsCumulativeAtTheEndOfEachDay() {
        // 10, 11, 12, 13 January: -6; the receipt of the 14th makes it 14.
        assertThat(world().get("DC3", "SKU-9").daily(PLACED, 5)).containsExactly(-6, -6, -6, -6, 14);
        assertThat(world().get("DC2", "SKU-9").daily(PLACED, 2)).containsExactly(5, 15);
    }

    @Test
    void anOrderItsSiteCanFillByThePromiseIsFeasible() {
        AtpDecision d = atp.decide("SO-12", "DC3", "SKU-9", 2, PROMISE, PLACED);
        assertThat(d.outcome).isEqualTo(AtpDecision.FEASIBLE);
        assertThat(d.available).isEqualTo(2);
        assertThat(d.alternatives).isEmpty();
    }

    @Test
    void aShortSiteOffersOtherSitesThenSubstitutesThenItsOwnLaterDate() {
        AtpDecision d = atp.decide("SO-12", "DC3", "SKU-9", 8, PROMISE, PLACED);
        assertThat(d.outcome).isEqualTo(AtpDecision.AT_RISK);
        assertThat(d.available).isEqualTo(2);
        assertThat(d.onHand).isEqualTo(10);
        assertThat(d.allocated).isEqualTo(8);
        assertThat(d.dueIn).isZero();
        // DC2: 5 on hand + 10 due on the 11th = 15; SKU-5 has only 3; DC3 can promise 8 once 20
        // arrive on the 14th (2 + 20 = 22).
        assertThat(d.alternatives).extracting(a -> a.kind, a -> a.site, a -> a.sku, a -> a.available, a -> a.at)
                .containsExactly(
                        tuple(Alternative.OTHER_SITE, "DC1", "SKU-9", 40L, PROMISE),
                        tuple(Alternative.OTHER_SITE, "DC2", "SKU-9", 15L, PROMISE),
                        tuple(Alternative.SUBSTITUTE, "DC3", "SKU-2", 15L, PROMISE),
                        tuple(Alternative.LATER_DATE, "DC3", "SKU-9", 22L, RECEIPT));
    }

    @Test
    void aQuantityNoSiteSubstituteOrDateWithinTheHorizonCoversCannotBeMetAnywhere() {
        AtpDecision d = atp.decide(null, "DC3", "SKU-9", 100, PROMISE, PLACED);
        assertThat(d.outcome).isEqualTo(AtpDecision.CANNOT_BE_MET);
        assertThat(d.alternatives).isEmpty();
        // The same with a horizon that reaches the far receipt: -6 + 20 + 30 = 44, still short of 100.
        assertThat(new AvailableToPromise(world(), SUBSTITUTES, 60 * Instants.DAY)
                .decide(null, "DC3", "SKU-9", 44, PROMISE, PLACED).alternatives)
                .extracting(a -> a.kind, a -> a.at).containsExactly(tuple(Alternative.LATER_DATE, FAR));
    }

    @Test
    void aSiteAndSkuNeverHeardOfHasNothingToPromise() {
        AtpDecision d = atp.decide("SO-7", "DC9", "SKU-9", 1, PROMISE, PLACED);
        assertThat(d.available).isZero();
        // DC3 has -6 by then: not an alternative.
        assertThat(d.alternatives).extracting(a -> a.site).containsExactly("DC1", "DC2");
    }

    @Test
    void receiptsDueInTheHorizonMakeTheOrderFeasibleByThem() {
        AtpProfiles profiles = new AtpProfiles();
        profiles.put(receipts(profile("DC1", "SKU-1", 0, "SO-1", 5), PLACED + 3_600_000L, 12));
        AvailableToPromise oneSite = new AvailableToPromise(profiles, Substitutes.NONE, AtpProfile.DEFAULT_HORIZON);
        // 0 on hand, 5 allocated to SO-1, 12 due in an hour: 7 can be promised for tomorrow.
        assertThat(oneSite.decide(null, "DC1", "SKU-1", 7, PLACED + Instants.DAY, PLACED).feasible()).isTrue();
        assertThat(oneSite.decide(null, "DC1", "SKU-1", 8, PLACED + Instants.DAY, PLACED).outcome)
                .isEqualTo(AtpDecision.CANNOT_BE_MET);
    }
}
