package io.satchel.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Operations whose syntax is checked and kept (so a URL that uses one is not refused and gets its own
 * cache key) but that are not applied yet: they need object or face detection, text rendering, SVG
 * rendering or the filter tables. The applier skips them.
 */
public sealed interface Pending extends TransformOp {
    /** {@code crop/face|image/[A:B or WxH]/[position]}: a region around detected faces or the main object. */
    record CropObjects(String tag, List<String> args) implements Pending {
        static final String SHAPE = "after face or image comes A:B or WxH (percents up to 1000p), then a position";

        public CropObjects {
            args = List.copyOf(args);
        }

        static CropObjects parse(Args a, String tag) {
            List<String> args = new ArrayList<>();
            String next = a.peek();
            if (next != null && next.indexOf(':') >= 0) {
                int[] ratio = Geometry.CropRatio.ratio(a, next);
                args.add(ratio[0] + ":" + ratio[1]);
                a.skip();
            } else if (next != null && Args.sides(next) != null) {
                String[] wh = Args.sides(next);
                args.add(aroundObject(a, wh[0]).canonical() + "x" + aroundObject(a, wh[1]).canonical());
                a.skip();
            }
            if (a.hasNext()) args.add(a.position(a.next(SHAPE), false, true, SHAPE).canonical());
            a.end();
            return new CropObjects(tag, args);
        }

        /** Sizes are relative to the detected object, so percents may go past 100 (to take in its surroundings). */
        private static Length aroundObject(Args a, String side) {
            return Length.parse(side).filter(l -> l.within(1, Args.MAX_PX, 1000)).orElseThrow(() -> a.fail(SHAPE));
        }

        @Override
        public String canonical() {
            return String.join("/", prepend("crop/" + tag, args));
        }
    }

    /** {@code zoom_objects/1..100}: zoom onto the detected object (uniform backgrounds). */
    record ZoomObjects(int zoom) implements Pending {
        static ZoomObjects parse(Args a) {
            String reason = "zoom must be an integer in 1..100";
            int zoom = a.intIn(a.next(reason), 1, 100, reason);
            a.end();
            return new ZoomObjects(zoom);
        }

        @Override
        public String canonical() {
            return "zoom_objects/" + zoom;
        }
    }

    /** {@code blur_region/faces/[strength]}: blur every detected face. */
    record BlurFaces(int strength) implements Pending {
        static BlurFaces parse(Args a) {
            int strength = a.optionalInt(0, 5000, 10, Effect.Blur.STRENGTH);
            a.end();
            return new BlurFaces(strength);
        }

        @Override
        public String canonical() {
            return "blur_region/faces/" + strength;
        }

        @Override
        public boolean isIdentity() {
            return strength == 0;
        }
    }

    /** {@code filter/<name>/[-100..200]}: one of 40 named photo filters, amount default 100. */
    record Filter(String name, int amount) implements Pending {
        static final Set<String> NAMES = Set.of("adaris", "briaril", "calarel", "carris", "cynarel", "cyren", "elmet",
                "elonni", "enzana", "erydark", "fenralan", "ferand", "galen", "gavin", "gethriel", "iorill", "iothari",
                "iselva", "jadis", "lavra", "misiara", "namala", "nerion", "nethari", "pamaya", "sarnar", "sedis",
                "sewen", "sorahel", "sorlen", "tarian", "thellassan", "varriel", "varven", "vevera", "virkas", "yedis",
                "yllara", "zatvel", "zevcen");

        static Filter parse(Args a) {
            String name = a.next("takes a filter name");
            if (!NAMES.contains(name)) throw a.fail("unknown filter name");
            int amount = a.optionalInt(-100, 200, 100, "amount must be an integer in -100..200");
            a.end();
            return new Filter(name, amount);
        }

        @Override
        public String canonical() {
            return "filter/" + name + "/" + amount;
        }

        @Override
        public boolean isIdentity() {
            return amount == 0;
        }
    }

    /** {@code text/WxH/<position>/<escaped text>}: {@code ~~} is {@code ~}, {@code ~s} a slash, {@code ~n} a new line. */
    record Text(Length width, Length height, Position position, String text) implements Pending {
        static final String FORM = "takes WxH/position/text with ~~, ~s and ~n as the only escapes";

        static Text parse(Args a) {
            Length[] wh = a.lengths(a.next(FORM), FORM);
            Position at = a.position(a.next(FORM), false, false, FORM);
            String escaped = a.next(FORM);
            a.end();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < escaped.length(); i++) {
                char c = escaped.charAt(i);
                if (c != '~') {
                    text.append(c);
                    continue;
                }
                char e = ++i < escaped.length() ? escaped.charAt(i) : ' ';
                text.append(switch (e) {
                    case '~' -> '~';
                    case 's' -> '/';
                    case 'n' -> '\n';
                    default -> throw a.fail(FORM);
                });
            }
            return new Text(wh[0], wh[1], at, text.toString());
        }

        @Override
        public String canonical() {
            String escaped = text.replace("~", "~~").replace("/", "~s").replace("\n", "~n");
            return "text/" + width.canonical() + "x" + height.canonical() + "/" + position.canonical() + "/" + escaped;
        }
    }

    /** {@code text_align/<left|center|right>/<top|center|bottom>}: for the following text. */
    record TextAlign(String horizontal, String vertical) implements Pending {
        static TextAlign parse(Args a) {
            String form = "takes left, center or right, then top, center or bottom";
            String h = a.next(form);
            String v = a.next(form);
            a.end();
            if (!Set.of("left", "center", "right").contains(h) || !Set.of("top", "center", "bottom").contains(v)) {
                throw a.fail(form);
            }
            return new TextAlign(h, v);
        }

        @Override
        public String canonical() {
            return "text_align/" + horizontal + "/" + vertical;
        }
    }

    /** {@code font/<size>/[color]}: for the following text; colour default black. */
    record Font(int size, Color color) implements Pending {
        static Font parse(Args a) {
            String form = "takes a size in 1..1000, then an optional hex color";
            int size = a.intIn(a.next(form), 1, 1000, form);
            Color color = a.hasNext() ? a.color(a.next(form), form) : new Color(0, 0, 0, 255);
            a.end();
            return new Font(size, color);
        }

        @Override
        public String canonical() {
            return "font/" + size + "/" + color.canonical();
        }
    }

    /** {@code text_box/<none|fit|line|fill>/[color]/[padding]}: the box behind the following text. */
    record TextBox(String mode, Optional<Color> color, OptionalInt padding) implements Pending {
        static TextBox parse(Args a) {
            String form = "takes none, fit, line or fill, then an optional hex color and padding in 0..1000";
            String mode = a.next(form);
            if (!Set.of("none", "fit", "line", "fill").contains(mode)) throw a.fail(form);
            Optional<Color> color = a.hasNext() ? Optional.of(a.color(a.next(form), form)) : Optional.empty();
            OptionalInt padding = a.hasNext() ? OptionalInt.of(a.intIn(a.next(form), 0, 1000, form)) : OptionalInt.empty();
            a.end();
            return new TextBox(mode, color, padding);
        }

        @Override
        public String canonical() {
            List<String> parts = new ArrayList<>(List.of("text_box", mode));
            color.ifPresent(c -> parts.add(c.canonical()));
            padding.ifPresent(p -> parts.add(Integer.toString(p)));
            return String.join("/", parts);
        }
    }

    /** {@code rasterize}: render an SVG to pixels before the other operations. */
    record Rasterize() implements Pending {
        static Rasterize parse(Args a) {
            a.end();
            return new Rasterize();
        }

        @Override
        public String canonical() {
            return "rasterize";
        }
    }

    private static List<String> prepend(String head, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(rest);
        return all;
    }
}
