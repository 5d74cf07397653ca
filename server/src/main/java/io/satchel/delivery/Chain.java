package io.satchel.delivery;

import io.satchel.errors.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operations of a CDN address, left to right, as written (unknown ones included). The imaging
 * package types and validates them ({@code TransformChain}); this raw form is what a URL and a group
 * member's default effects share.
 */
public record Chain(List<Operation> operations) {
    public static final Chain EMPTY = new Chain(List.of());

    public Chain {
        operations = List.copyOf(operations);
    }

    /**
     * Parses {@code -, name, args…} groups of path segments; empty when a segment stands outside a
     * group or a name is missing (such a path is not a CDN address).
     */
    static Optional<Chain> parse(List<String> segments) {
        List<Operation> ops = new ArrayList<>();
        int i = 0;
        while (i < segments.size()) {
            if (!segments.get(i).equals("-")) return Optional.empty();
            i++;
            if (i == segments.size() || segments.get(i).equals("-")) return Optional.empty();
            String name = segments.get(i++);
            List<String> args = new ArrayList<>();
            while (i < segments.size() && !segments.get(i).equals("-")) args.add(segments.get(i++));
            ops.add(new Operation(name, args));
        }
        return Optional.of(new Chain(ops));
    }

    /** A group member's stored default effects ({@code op/args/-/op/…/}, no leading {@code -/}). */
    public static Chain ofEffects(String effects) {
        if (effects == null || effects.isBlank()) return EMPTY;
        List<String> segments = new ArrayList<>(List.of("-"));
        for (String s : effects.split("/")) if (!s.isEmpty()) segments.add(s);
        return parse(segments).orElse(EMPTY);
    }

    /** This chain's operations followed by {@code next}'s. */
    public Chain then(Chain next) {
        List<Operation> all = new ArrayList<>(operations);
        all.addAll(next.operations);
        return new Chain(all);
    }

    /** {@code -/inline/yes|no/}, the last one winning; a malformed one is a bad request. */
    public Optional<Boolean> inline() {
        Optional<Boolean> wanted = Optional.empty();
        for (Operation op : operations) {
            if (!op.name().equals("inline")) continue;
            if (op.args().equals(List.of("yes"))) wanted = Optional.of(true);
            else if (op.args().equals(List.of("no"))) wanted = Optional.of(false);
            else throw Failure.badRequest("InvalidOperation", "inline takes yes or no.");
        }
        return wanted;
    }
}
