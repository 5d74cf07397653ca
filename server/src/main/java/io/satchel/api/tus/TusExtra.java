package io.satchel.api.tus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What tus keeps of an upload beyond the shared pending-upload record (its {@code extra} JSON): the
 * {@code Upload-Metadata} header as sent, to echo on HEAD; and for concatenation the kind, the
 * {@code Upload-Concat} header as sent, and the partial uploads' uuids in order.
 */
record TusExtra(String metadata, Concat concat, String concatHeader, List<String> parts) {

    enum Concat { NONE, PARTIAL, FINAL }

    TusExtra {
        parts = List.copyOf(parts);
    }

    static TusExtra plain(String metadata) {
        return new TusExtra(metadata, Concat.NONE, null, List.of());
    }

    boolean isPartial() {
        return concat == Concat.PARTIAL;
    }

    boolean isFinal() {
        return concat == Concat.FINAL;
    }

    /** The {@code Upload-Concat} value to answer on HEAD, or null. */
    String uploadConcat() {
        return switch (concat) {
            case NONE -> null;
            case PARTIAL -> "partial";
            case FINAL -> concatHeader;
        };
    }

    String json() {
        ObjectNode n = Json.object();
        if (metadata != null) n.put("upload_metadata", metadata);
        if (concat != Concat.NONE) n.put("concat", concat.name().toLowerCase(java.util.Locale.ROOT));
        if (concatHeader != null) n.put("upload_concat", concatHeader);
        if (!parts.isEmpty()) parts.forEach(n.putArray("parts")::add);
        return new String(Json.bytes(n), StandardCharsets.UTF_8);
    }

    /** The extra of an upload tus created; an empty or foreign one reads as a plain upload without metadata. */
    static TusExtra of(String json) {
        JsonNode n = json == null || json.isBlank() ? null : Json.parse(json);
        if (n == null || !n.isObject()) return plain(null);
        Concat concat = switch (n.path("concat").asText("")) {
            case "partial" -> Concat.PARTIAL;
            case "final" -> Concat.FINAL;
            default -> Concat.NONE;
        };
        List<String> parts = new ArrayList<>();
        n.path("parts").forEach(p -> parts.add(p.asText()));
        return new TusExtra(text(n, "upload_metadata"), concat, text(n, "upload_concat"), parts);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
