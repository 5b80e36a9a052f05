package io.scem.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void aNameReadFromItsBytesIsTheSharedInstanceAndMadeOnlyOnce() {
        SharedStrings names = new SharedStrings(10);
        byte[] line = "{\"site\":\"DC1\",\"sku\":\"SKU-0042\"}".getBytes(StandardCharsets.US_ASCII);
        String site = new String("DC1");

        assertThat(names.share(site)).isSameAs(site);
        assertThat(names.shareAscii(line, 9, 3)).isSameAs(site);
        String sku = names.shareAscii(line, 21, 8);
        assertThat(sku).isEqualTo("SKU-0042");
        assertThat(names.shareAscii(line, 21, 8)).isSameAs(sku);
        assertThat(names.share(new String("SKU-0042"))).isSameAs(sku);
        assertThat(names.shareAscii(line, 21, 0)).isEmpty();
    }

    @Test
    void aNameWithCharactersBeyondAsciiIsNeverTheAnswerToBytes() {
        SharedStrings names = new SharedStrings(10);
        String zurich = names.share(new String("Zürich"));
        byte[] line = "Zurich Zrich".getBytes(StandardCharsets.US_ASCII);

        assertThat(names.shareAscii(line, 0, 6)).isEqualTo("Zurich");
        assertThat(names.shareAscii(line, 7, 5)).isEqualTo("Zrich");
        assertThat(names.share(new String("Zürich"))).isSameAs(zurich);
        assertThat(names.shareAscii(line, 0, 6)).isSameAs(names.share(new String("Zurich")));
    }

    @Test
    void threadsSharingTheSameNamesAtOnceGetOneInstanceEach() throws Exception {
        SharedStrings names = new SharedStrings(1 << 12);
        int threads = 4;
        List<Future<List<String>>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> shared = new ArrayList<>();
                    for (int i = 0; i < 3_000; i++) {
                        byte[] name = ("SKU-" + i).getBytes(StandardCharsets.US_ASCII);
                        shared.add(i % 2 == 0 ? names.shareAscii(name, 0, name.length) : names.share("SKU-" + i));
                    }
                    return shared;
                }));
            }
            start.countDown();
            List<String> first = results.get(0).get();
            for (Future<List<String>> other : results) {
                List<String> shared = other.get();
                for (int i = 0; i < first.size(); i++) assertThat(shared.get(i)).isSameAs(first.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
