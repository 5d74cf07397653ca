package io.satchel.delivery;

/**
 * Entity tags and the conditional headers that compare them (RFC 9110 §8.8.3, §13.1.2, §13.1.5). A
 * delivered original's tag is strong: the quoted SHA-256 of its bytes.
 */
public final class Validators {
    private Validators() {}

    public static String etagOf(String sha256) {
        return "\"" + sha256 + "\"";
    }

    /**
     * Whether {@code If-None-Match} fails for a representation tagged {@code etag}, so a GET or HEAD is
     * answered 304: {@code *}, or any listed tag equal under the weak comparison.
     */
    public static boolean noneMatchFails(String header, String etag) {
        if (header == null) return false;
        if (header.trim().equals("*")) return true;
        String opaque = opaque(etag);
        for (String candidate : header.split(",")) {
            if (opaque(candidate).equals(opaque)) return true;
        }
        return false;
    }

    /**
     * Whether a {@code Range} may be honoured under {@code If-Range}: absent, or naming this strong tag
     * exactly. A date or a weak tag never matches (we send no {@code Last-Modified}).
     */
    public static boolean ifRangeHolds(String header, String etag) {
        return header == null || header.trim().equals(etag);
    }

    /** The quoted part of a tag, without a {@code W/} prefix. */
    private static String opaque(String tag) {
        String t = tag.trim();
        if (t.startsWith("W/")) t = t.substring(2);
        return t;
    }
}
