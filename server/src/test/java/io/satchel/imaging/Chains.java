package io.satchel.imaging;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.delivery.Chain;
import io.satchel.delivery.Operation;
import io.satchel.errors.Failure;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: chains written the way they appear in a CDN path. */
final class Chains {
    private Chains() {}

    /** {@code "-/resize/100x/-/@clib/x/y/"} (leading {@code -/} optional) as a raw chain, split as {@code CdnPath} does. */
    static Chain raw(String path) {
        List<Operation> ops = new ArrayList<>();
        String name = null;
        List<String> args = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) continue;
            if (segment.equals("-")) {
                if (name != null) ops.add(new Operation(name, args));
                name = null;
                args = new ArrayList<>();
            } else if (name == null) {
                name = segment;
            } else {
                args.add(segment);
            }
        }
        if (name != null) ops.add(new Operation(name, args));
        return new Chain(ops);
    }

    static TransformChain parse(String path) {
        return TransformChain.parse(raw(path));
    }

    /** Asserts a 400 whose message contains each fragment. */
    static void rejects(String path, String... fragments) {
        assertThatThrownBy(() -> parse(path))
                .isInstanceOfSatisfying(Failure.class, f -> {
                    org.assertj.core.api.Assertions.assertThat(f.status()).isEqualTo(400);
                    org.assertj.core.api.Assertions.assertThat(f.getMessage()).contains(fragments);
                });
    }

    static String canonical(String path) {
        return parse(path).canonical();
    }
}
