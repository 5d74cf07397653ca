package io.satchel.migrate;

/** Secrets out of what is printed. */
final class Redact {
    private Redact() {}

    /** A JDBC URL without the value of a {@code password} parameter. */
    static String url(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}
