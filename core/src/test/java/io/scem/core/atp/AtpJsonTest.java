package io.scem.core.atp;

import static io.scem.core.atp.AtpFixtures.PLACED;
import static io.scem.core.atp.AtpFixtures.PROMISE;
import static io.scem.core.atp.AtpFixtures.SUBSTITUTES;
import static io.scem.core.atp.AtpFixtures.world;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Profiles and decisions survive their JSON form. */
class AtpJsonTest {
    @Test
    void aProfileReadsBackAsWritten() {
        AtpProfile p = world().get("DC3", "SKU-9");
        String json = AtpJson.writeProfile(p);
        assertThat(json).startsWith("{\"site\":\"DC3\",\"sku\":\"SKU-9\",\"asOf\":\"2026-01-10T09:00:00Z\"")
                .contains("\"allocated\":16").contains("{\"dueAt\":\"2026-01-14T09:00:00Z\",\"quantity\":20}");
        AtpProfile back = AtpJson.readProfile(json);
        assertThat(back).usingRecursiveComparison().ignoringFields("key").isEqualTo(p);
    }

    @Test
    void aDecisionReadsBackAsWritten() {
        AtpDecision d = new AvailableToPromise(world(), SUBSTITUTES, AtpProfile.DEFAULT_HORIZON)
                .decide("SO-12", "DC3", "SKU-9", 8, PROMISE, PLACED);
        String json = AtpJson.writeDecision(d);
        assertThat(json).contains("\"outcome\":\"AT_RISK\"").contains("{\"kind\":\"OTHER_SITE\",\"site\":\"DC1\",\"sku\":\"SKU-9\","
                + "\"available\":40,\"at\":\"2026-01-12T18:00:00Z\"}");
        assertThat(AtpJson.readDecision(json)).usingRecursiveComparison().isEqualTo(d);
    }

    @Test
    void somethingElseIsRefusedWithWhatIsMissing() {
        assertThatThrownBy(() -> AtpJson.readProfile("{\"site\":\"DC1\"}")).hasMessageContaining("sku is required");
    }
}
