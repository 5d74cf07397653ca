package io.satchel.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.Json;
import io.satchel.api.Params;
import io.satchel.catalog.Times;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Cursor pagination (spec §3.5). {@code from} means "after this time in list order", {@code to} "before
 * it"; both exclusive, and times are unique per node, so a page ends where the next begins. {@code next}
 * carries {@code from} (all JS-RC forwards), {@code previous} carries {@code to}.
 */
final class Pagination {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Pagination() {}

    /** A page request: exclusive cursors in catalog microseconds, the ordering as the client wrote it. */
    record Request(Long from, Long to, String ordering, boolean descending, int limit) {}

    /** Reads rows of one project's list: {@code limit} rows after {@code from} / before {@code to} in list order. */
    interface Fetch<T> {
        List<T> fetch(Long from, Long to, int limit);
    }

    record Page<T>(List<T> items, boolean hasPrevious, boolean hasNext) {}

    static Request parse(Params q, String field) {
        String ordering = blankToNull(q.get("ordering"));
        if (ordering == null) ordering = field;
        if (!ordering.equals(field) && !ordering.equals("-" + field)) {
            throw RestErrors.badRequest("`ordering` must be one of: " + field + ", -" + field + ".");
        }
        return new Request(time(q, "from"), time(q, "to"), ordering, ordering.startsWith("-"), limit(q.get("limit")));
    }

    static <T> Page<T> page(Request r, Fetch<T> rows, ToLongFunction<T> time) {
        boolean backwards = r.to() != null && r.from() == null;
        List<T> items = new ArrayList<>(rows.fetch(r.from(), r.to(), r.limit() + 1));
        boolean more = items.size() > r.limit();
        if (more) items.remove(backwards ? 0 : items.size() - 1);
        if (items.isEmpty()) return new Page<>(items, false, false);
        long first = time.applyAsLong(items.getFirst());
        long last = time.applyAsLong(items.getLast());
        boolean hasNext = backwards ? !rows.fetch(last, null, 1).isEmpty() : more;
        boolean hasPrevious = backwards ? more : r.from() != null && !rows.fetch(null, first, 1).isEmpty();
        return new Page<>(items, hasPrevious, hasNext);
    }

    /**
     * {@code {"next","previous","total","per_page","results"}}; the links repeat the request's filters
     * ({@code extra}, in order) so that following them keeps the same list.
     */
    static <T> ObjectNode envelope(Page<T> page, Request r, String url, Map<String, String> extra, long total,
                                   ToLongFunction<T> time, Function<T, JsonNode> render) {
        ObjectNode n = Json.object();
        n.put("next", page.hasNext() ? link(url, "from", time.applyAsLong(page.items().getLast()), r, extra) : null);
        n.put("previous", page.hasPrevious() ? link(url, "to", time.applyAsLong(page.items().getFirst()), r, extra) : null);
        n.put("total", total);
        n.put("per_page", r.limit());
        var results = n.putArray("results");
        page.items().forEach(item -> results.add(render.apply(item)));
        return n;
    }

    /** {@code true}/{@code false} (also 1/0); {@code fallback} when absent or empty. */
    static Boolean bool(Params q, String name, Boolean fallback) {
        String v = blankToNull(q.get(name));
        if (v == null) return fallback;
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw RestErrors.badRequest("`" + name + "` must be true or false.");
        };
    }

    private static String link(String url, String cursor, long at, Request r, Map<String, String> extra) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put(cursor, Times.wire(at));
        q.put("limit", String.valueOf(r.limit()));
        q.put("ordering", r.ordering());
        q.putAll(extra);
        StringBuilder s = new StringBuilder(url);
        char sep = '?';
        for (var e : q.entrySet()) {
            s.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return s.toString();
    }

    private static int limit(String raw) {
        String v = blankToNull(raw);
        if (v == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw RestErrors.badRequest("`limit` must be an integer between 1 and " + MAX_LIMIT + ".");
    }

    /** ISO-8601 with an offset (a {@code +} decoded to a space is repaired), or without one as UTC, or a date. */
    private static Long time(Params q, String name) {
        String v = blankToNull(q.get(name));
        if (v == null) return null;
        String s = v.trim().replace(' ', '+');
        try {
            return Times.micros(instant(s));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw RestErrors.badRequest("`" + name + "` must be an ISO 8601 datetime, e.g. 2023-06-26T11:57:30.132274Z.");
        }
    }

    private static Instant instant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
