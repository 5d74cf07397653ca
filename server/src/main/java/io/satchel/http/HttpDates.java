package io.satchel.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header's value, formatted once a second rather than once a response. */
final class HttpDates {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private record Stamp(long second, String text) {}
    private static volatile Stamp last = new Stamp(-1, "");

    private HttpDates() {}

    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = last;
        if (s.second() != second) {
            s = new Stamp(second, FORMAT.format(Instant.ofEpochSecond(second)));
            last = s;
        }
        return s.text();
    }
}
