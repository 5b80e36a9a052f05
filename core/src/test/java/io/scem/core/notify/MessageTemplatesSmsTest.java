package io.scem.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Sms}: one SMS is 160 GSM-7 septets (extension characters take two) or 70 UCS-2 units. */
class MessageTemplatesSmsTest {
    @Test
    void aShortTextIsOneSmsAsItIs() {
        String text = "[FIRING:1] STOCK_OUT site=DC1: SKU-7 out of stock at DC1";

        assertThat(Sms.split(text)).containsExactly(text);
        assertThat(Sms.split("x".repeat(160))).hasSize(1);
        assertThat(Sms.split("x".repeat(161))).hasSize(2);
    }

    @Test
    void extensionCharactersCountTwice() {
        assertThat(Sms.isGsm7("{[€]}^~|\\ é à Ñ")).isTrue();
        assertThat(Sms.length("{a}")).isEqualTo(5);
        assertThat(Sms.split("€".repeat(80))).as("160 septets").hasSize(1);

        List<String> parts = Sms.split("€".repeat(81));
        assertThat(parts).hasSize(2);
        assertThat(parts).allSatisfy(p -> assertThat(Sms.length(p)).isLessThanOrEqualTo(160));
        assertThat(String.join("", parts).replaceAll("\\(\\d/\\d\\) ", "")).isEqualTo("€".repeat(81));
    }

    @Test
    void aLongTextIsSplitIntoNumberedPartsAtSpacesEachWithinTheLimit() {
        String text = ("PO PO-%d from SUP-2 is 2 d late; ".repeat(12)).formatted(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12).strip();

        List<String> parts = Sms.split(text);

        assertThat(parts).hasSize(3);
        for (int i = 0; i < parts.size(); i++) {
            assertThat(parts.get(i)).startsWith("(" + (i + 1) + "/3) ");
            assertThat(Sms.length(parts.get(i))).isLessThanOrEqualTo(160);
            assertThat(parts.get(i)).doesNotEndWith(" ");
        }
        assertThat(String.join(" ", parts.stream().map(p -> p.substring(6)).toList())).isEqualTo(text);
    }

    @Test
    void oneCharacterOutsideGsm7MakesItUcs2WithSeventyUnitsWhereAnEmojiTakesTwo() {
        String text = "Stock-out at DC1 🚨 " + "SKU-7 ".repeat(20);
        assertThat(Sms.isGsm7(text)).isFalse();
        assertThat(Sms.limit(text)).isEqualTo(70);

        List<String> parts = Sms.split(text);

        assertThat(parts).hasSize(3);
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(70));
        assertThat(parts.get(0)).contains("🚨");
        String emojis = "🚨".repeat(40); // 80 UTF-16 units, an emoji never cut in half
        assertThat(Sms.split(emojis)).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(70);
            assertThat(p.codePoints().filter(cp -> cp >= 0xD800 && cp <= 0xDFFF)).as("no lone surrogate").isEmpty();
        });
        assertThat(String.join("", Sms.split(emojis)).replaceAll("\\(\\d/\\d\\) ", "")).isEqualTo(emojis);
    }

    @Test
    void theNumberOfPartsMayNeedTwoDigits() {
        String text = "word ".repeat(400).strip(); // about 2000 septets

        List<String> parts = Sms.split(text);

        assertThat(parts.size()).isGreaterThanOrEqualTo(10);
        assertThat(parts.get(0)).startsWith("(1/" + parts.size() + ") ");
        assertThat(parts).allSatisfy(p -> assertThat(Sms.length(p)).isLessThanOrEqualTo(160));
    }
}
