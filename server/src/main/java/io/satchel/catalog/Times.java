package io.satchel.catalog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/** The catalog keeps times as microseconds since the epoch; the wire shows them as ISO-8601 with six digits and Z. */
public final class Times {
    private static final DateTimeFormatter WIRE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private Times() {}

    public static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    public static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** {@code 2023-06-26T11:57:30.132274Z}, or null for null. */
    public static String wire(Long micros) {
        return micros == null ? null : WIRE.format(instant(micros));
    }
}
