package io.scem.core.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * How much text fits in one SMS, and splitting longer text into numbered parts. Text made only of
 * the GSM 03.38 alphabet fits 160 characters, those of its extension table ({@code ^ { } [ ] ~ \ | €})
 * counting two; any other character (accents outside the alphabet, emoji) switches the message to
 * UCS-2, 70 UTF-16 units, an emoji taking two.
 */
public final class Sms {
    public static final int GSM7_LIMIT = 160;
    public static final int UCS2_LIMIT = 70;

    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM7_EXTENSION = "^{}\\[~]|€\f";

    private Sms() {}

    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM7_BASIC.indexOf(c) < 0 && GSM7_EXTENSION.indexOf(c) < 0) return false;
        }
        return true;
    }

    /** The length of {@code text} in the units of its encoding: septets for GSM-7, UTF-16 units for UCS-2. */
    public static int length(String text) {
        if (!isGsm7(text)) return text.length();
        int n = 0;
        for (int i = 0; i < text.length(); i++) n += GSM7_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
        return n;
    }

    /** How long one SMS carrying {@code text} may be. */
    public static int limit(String text) {
        return isGsm7(text) ? GSM7_LIMIT : UCS2_LIMIT;
    }

    /**
     * {@code text} as SMS: itself when it fits one, otherwise parts prefixed {@code (1/3) },
     * {@code (2/3) } ..., each within the limit, split after a space where one is near.
     */
    public static List<String> split(String text) {
        boolean gsm7 = isGsm7(text);
        int limit = gsm7 ? GSM7_LIMIT : UCS2_LIMIT;
        if (length(text) <= limit) return List.of(text);
        // The prefix's length depends on the number of parts: guess, split, and again until they agree.
        int total = 2;
        List<String> bodies = bodies(text, gsm7, limit, total);
        for (int i = 0; i < 10 && bodies.size() != total; i++) {
            total = bodies.size();
            bodies = bodies(text, gsm7, limit, total);
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) parts.add(prefix(i + 1, bodies.size()) + bodies.get(i));
        return parts;
    }

    private static List<String> bodies(String text, boolean gsm7, int limit, int total) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int room = limit - prefix(out.size() + 1, total).length();
            int end = start;
            int used = 0;
            while (end < text.length()) {
                int cp = text.codePointAt(end);
                int width = gsm7 ? (GSM7_EXTENSION.indexOf(cp) >= 0 ? 2 : 1) : Character.charCount(cp);
                if (used + width > room) break;
                used += width;
                end += Character.charCount(cp);
            }
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end - 1);
                if (space > start + (end - start) / 2) end = space + 1;
            }
            out.add(text.substring(start, end).stripTrailing());
            start = end;
            while (start < text.length() && text.charAt(start) == ' ') start++;
        }
        return out;
    }

    private static String prefix(int part, int total) {
        return "(" + part + "/" + total + ") ";
    }
}
