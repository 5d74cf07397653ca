package io.satchel.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/**
 * File metadata kept as one JSON text column, for records that hold it before the file exists (pending
 * uploads, from-URL tasks); a file's own metadata has its table. Keys are written sorted.
 */
public final class MetadataColumn {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {};

    private MetadataColumn() {}

    public static String write(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> read(String column) {
        try {
            return JSON.readValue(column, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable metadata column: " + e.getOriginalMessage(), e);
        }
    }
}
