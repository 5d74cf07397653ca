package io.satchel.imaging;

/**
 * Operations that answer with JSON about the image (as processed by the operations before them)
 * instead of the image. They work without a core operation and must be the last operation.
 */
public sealed interface Info extends TransformOp {
    /** {@code json}: the image-info object. */
    record Json() implements Info {
        static Json parse(Args a) {
            a.end();
            return new Json();
        }

        @Override
        public String canonical() {
            return "json";
        }
    }

    /** {@code jsonp}: the same object wrapped in {@code uploadcare_callback(…)}. */
    record Jsonp() implements Info {
        static Jsonp parse(Args a) {
            a.end();
            return new Jsonp();
        }

        @Override
        public String canonical() {
            return "jsonp";
        }
    }

    /** {@code main_colors}: the {@code count} (1..256, bare = 4) dominant colours. */
    record MainColors(int count) implements Info {
        static MainColors parse(Args a) {
            int count = a.optionalInt(1, 256, 4, "count must be an integer in 1..256");
            a.end();
            return new MainColors(count);
        }

        @Override
        public String canonical() {
            return "main_colors/" + count;
        }
    }
}
