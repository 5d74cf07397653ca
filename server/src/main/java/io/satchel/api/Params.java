package io.satchel.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Request parameters from the query string and the body, merged in arrival order; names may repeat. */
public final class Params {
    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d{1,6})]");
    private static final Pattern KEYED = Pattern.compile("metadata\\[(.*)]");

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public static Params ofQuery(String rawQuery) {
        Params p = new Params();
        p.addUrlEncoded(rawQuery);
        return p;
    }

    public void addUrlEncoded(String raw) {
        if (raw == null || raw.isEmpty()) return;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            add(k, v);
        }
    }

    public void add(String name, String value) {
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    /** The last value given for {@code name} (a body value overrides the query's), or null. */
    public String get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public int size() {
        return values.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The values of an array parameter: {@code name[]} and bare {@code name} repeated in order, then
     * {@code name[0]}, {@code name[1]}… by index.
     */
    public List<String> array(String name) {
        List<String> out = new ArrayList<>();
        TreeMap<Integer, String> indexed = new TreeMap<>();
        values.forEach((k, vs) -> {
            if (k.equals(name + "[]") || k.equals(name)) {
                out.addAll(vs);
            } else {
                Matcher m = INDEXED.matcher(k);
                if (m.matches() && m.group(1).equals(name)) indexed.put(Integer.parseInt(m.group(2)), vs.get(vs.size() - 1));
            }
        });
        out.addAll(indexed.values());
        return out;
    }

    /** {@code metadata[key]=value} pairs. */
    public Map<String, String> metadata() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, vs) -> {
            Matcher m = KEYED.matcher(k);
            if (m.matches()) out.put(m.group(1), vs.get(vs.size() - 1));
        });
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
