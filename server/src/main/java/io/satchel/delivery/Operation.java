package io.satchel.delivery;

import java.util.List;

/** One {@code -/name/arg/arg/} step of a CDN chain, kept verbatim (unknown and {@code @}-ops included). */
public record Operation(String name, List<String> args) {
    public Operation {
        args = List.copyOf(args);
    }
}
