package dev.mirrorpilot.policy.text;

/**
 * Text from outside (an event, a payload, a file, a tag, a Brain) as it may be printed or logged:
 * control characters (C0, DEL, C1), line and paragraph separators and invisible format characters
 * (bidirectional overrides, zero-width marks) written as {@code \\uXXXX}, so no value can clear a
 * terminal, forge a line of a report or break a JSON log line; cut to a length.
 */
public final class Printable {
    /** Echoed values are cut to this many characters. */
    public static final int LIMIT = 100;

    private Printable() {
    }

    /** Escaped and cut to {@link #LIMIT} characters, with the full length said. */
    public static String of(String untrusted) {
        if (untrusted == null) {
            return "";
        }
        var cut = untrusted.length() <= LIMIT ? untrusted : untrusted.substring(0, LIMIT);
        var escaped = escaped(cut);
        return cut.length() == untrusted.length() ? escaped : escaped + "... (" + untrusted.length() + " characters)";
    }

    /** Escaped, whole. */
    public static String escaped(String untrusted) {
        if (untrusted == null) {
            return "";
        }
        var out = new StringBuilder(untrusted.length());
        untrusted.codePoints().forEach(c -> {
            if (isUnsafe(c)) {
                out.append(c <= 0xffff ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Whether {@code text} holds anything {@link #escaped} would change. */
    public static boolean isSafe(String text) {
        return text.codePoints().noneMatch(Printable::isUnsafe);
    }

    /** Whether a code point is one {@link #escaped} writes as an escape (a control, separator or invisible character). */
    public static boolean isUnsafe(int c) {
        int type = Character.getType(c);
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029 || type == Character.FORMAT
                || type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE;
    }
}
