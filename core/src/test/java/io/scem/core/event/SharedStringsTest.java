package io.scem.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedStringsTest {
    @Test
    void equalValuesComeBackAsTheFirstInstance() {
        SharedStrings names = new SharedStrings(10);
        String first = new String("SITE-01");
        String second = new String("SITE-01");

        assertThat(names.share(first)).isSameAs(first);
        assertThat(names.share(second)).isSameAs(first).isNotSameAs(second);
        assertThat(names.share(null)).isNull();
    }

    @Test
    void onceFullNewValuesAreReturnedAsTheyAreAndKnownOnesAreStillShared() {
        SharedStrings names = new SharedStrings(2);
        String a = names.share(new String("a"));
        names.share("b");
        String c = new String("c");

        assertThat(names.share(c)).isSameAs(c);
        assertThat(names.share(new String("c"))).isNotSameAs(c);
        assertThat(names.share(new String("a"))).isSameAs(a);
    }
}
