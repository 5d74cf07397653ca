package io.satchel.api.tus;

import io.satchel.errors.Failure;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code Upload-Metadata} header, parsed strictly: comma-separated {@code key base64value} pairs
 * (the value and its space may be left out), keys unique, printable ASCII without spaces or commas.
 * Keys Satchel does not know are kept for the echo on HEAD and otherwise ignored (Uppy sends many).
 */
record UploadMetadata(String raw, Map<String, byte[]> values) {
    static final int MAX_HEADER = 4096;
    private static final String PREFIX = "metadata[";

    static UploadMetadata parse(String header) {
        if (header == null || header.isBlank()) return new UploadMetadata(null, Map.of());
        if (header.length() > MAX_HEADER) throw bad("Upload-Metadata is longer than " + MAX_HEADER + " characters.");
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (String pair : header.split(",", -1)) {
            String p = pair.strip();
            if (p.isEmpty()) throw bad("Upload-Metadata has an empty pair.");
            int space = p.indexOf(' ');
            String key = space < 0 ? p : p.substring(0, space);
            String value = space < 0 ? "" : p.substring(space + 1);
            if (!isKey(key)) throw bad("Upload-Metadata has an invalid key.");
            if (value.indexOf(' ') >= 0) throw bad("Upload-Metadata value of " + key + " is not base64.");
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw bad("Upload-Metadata value of " + key + " is not base64.");
            }
            if (values.put(key, decoded) != null) throw bad("Upload-Metadata repeats the key " + key + ".");
        }
        return new UploadMetadata(header.strip(), Map.copyOf(values));
    }

    /** The first of {@code keys} present, as UTF-8 text; null when none is. */
    String text(String... keys) {
        for (String key : keys) {
            byte[] v = values.get(key);
            if (v != null) return utf8(key, v);
        }
        return null;
    }

    /** {@code metadata[key]} pairs: the file's metadata, in key order. */
    Map<String, String> fileMetadata() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && k.endsWith("]")) out.put(k.substring(PREFIX.length(), k.length() - 1), utf8(k, v));
        });
        return out;
    }

    private static boolean isKey(String key) {
        if (key.isEmpty()) return false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c > '~' || c == ',') return false;
        }
        return true;
    }

    private static String utf8(String key, byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (s.indexOf('\0') >= 0) throw bad("Upload-Metadata value of " + key + " contains a null character.");
            return s;
        } catch (CharacterCodingException e) {
            throw bad("Upload-Metadata value of " + key + " is not UTF-8.");
        }
    }

    private static Failure bad(String message) {
        return Failure.badRequest("UploadMetadataInvalidError", message);
    }
}
