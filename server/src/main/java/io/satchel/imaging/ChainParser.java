package io.satchel.imaging;

import io.satchel.delivery.Chain;
import io.satchel.delivery.Operation;
import io.satchel.errors.Failure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Raw chain to {@link TransformChain}: the limits, each operation's own parser, then the repeat rules. */
final class ChainParser {
    /** Operations in one chain (group default effects included), known or not. */
    static final int MAX_OPERATIONS = 50;
    static final int MAX_ARGS = 8;
    static final int MAX_ARG_LENGTH = 256;

    private record Parsed(Grammar rule, TransformOp op) {}

    private ChainParser() {}

    static TransformChain parse(Chain raw) {
        List<Operation> ops = raw.operations();
        if (ops.size() > MAX_OPERATIONS) {
            throw Failure.badRequest("InvalidOperation", "too many operations: at most " + MAX_OPERATIONS + " are allowed");
        }
        List<Parsed> parsed = new ArrayList<>();
        Stretch stretch = null;
        for (Operation op : ops) {
            Grammar rule = Grammar.named(op.name());
            if (rule == null) continue; // unknown, or an @-marker: tolerated and ignored
            Object value = rule.parser.apply(new Args(op.name(), checked(op)));
            if (value instanceof Stretch s) {
                stretch = s;
                continue;
            }
            TransformOp t = (TransformOp) value;
            if (stretch != null && (t instanceof Geometry.Resize || t instanceof Geometry.ScaleCrop)) {
                t = withStretch(t, stretch);
                stretch = null;
            }
            parsed.add(new Parsed(rule, t));
        }
        for (int i = 0; i < parsed.size() - 1; i++) {
            if (parsed.get(i).rule().repeat == Grammar.Repeat.INFO) {
                throw Args.failure(parsed.get(i).rule().word, "must be the last operation");
            }
        }
        return applyRepeatRules(parsed);
    }

    /** A {@code stretch} modifies the next resize or scale_crop, and only that one. */
    private static TransformOp withStretch(TransformOp op, Stretch stretch) {
        return switch (op) {
            case Geometry.Resize r -> new Geometry.Resize(r.width(), r.height(), stretch);
            case Geometry.ScaleCrop s -> new Geometry.ScaleCrop(s.width(), s.height(), s.focus(), s.position(), stretch);
            default -> op;
        };
    }

    private static List<String> checked(Operation op) {
        List<String> args = op.args();
        if (args.size() > MAX_ARGS) throw Args.failure(op.name(), "too many arguments");
        for (String arg : args) {
            if (arg.isEmpty()) throw Args.failure(op.name(), "empty argument");
            if (arg.length() > MAX_ARG_LENGTH) {
                throw Args.failure(op.name(), "an argument is longer than " + MAX_ARG_LENGTH + " characters");
            }
        }
        return args;
    }

    private static TransformChain applyRepeatRules(List<Parsed> parsed) {
        Map<Grammar, Integer> last = new HashMap<>();
        for (int i = 0; i < parsed.size(); i++) last.put(parsed.get(i).rule(), i);
        List<TransformOp> steps = new ArrayList<>();
        Map<Grammar, TransformOp> settings = new EnumMap<>(Grammar.class);
        TransformOp info = null;
        boolean core = false;
        for (int i = 0; i < parsed.size(); i++) {
            Grammar rule = parsed.get(i).rule();
            TransformOp op = parsed.get(i).op();
            core |= rule.core();
            switch (rule.repeat) {
                case SEQUENCE -> steps.add(op);
                case LAST_WINS -> {
                    if (last.get(rule) == i) steps.add(op);
                }
                case SETTING -> settings.put(rule, op);
                case INFO -> info = op;
                case NEXT_RESIZE -> throw new IllegalStateException("stretch is folded into the next resize");
            }
        }
        List<TransformOp> all = new ArrayList<>(steps);
        all.addAll(settings.values());
        if (info != null) all.add(info);
        return new TransformChain(all, core);
    }

    /** The grammar entry an operation came from (its canonical form starts with the name). */
    static Grammar ruleOf(TransformOp op) {
        String canonical = op.canonical();
        int slash = canonical.indexOf('/');
        return Grammar.named(slash < 0 ? canonical : canonical.substring(0, slash));
    }
}
