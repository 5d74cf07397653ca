package io.satchel.fetch;

import java.time.Duration;

/**
 * How far a fetch may go: {@code timeLimit} covers everything from the first request to the last byte
 * (every hop); {@code connectTimeout} and {@code readTimeout} bound one connect and one wait for bytes
 * (a connect started just before the deadline may overrun it by up to {@code connectTimeout}).
 */
public record FetchLimits(Duration timeLimit, Duration connectTimeout, Duration readTimeout, int maxRedirects) {

    public FetchLimits {
        if (timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("timeLimit must be positive");
        if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects must not be negative");
    }

    public static FetchLimits of(Duration timeLimit, int maxRedirects) {
        return new FetchLimits(timeLimit, Duration.ofSeconds(10), Duration.ofSeconds(30), maxRedirects);
    }
}
