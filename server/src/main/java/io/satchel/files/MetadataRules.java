package io.satchel.files;

import io.satchel.errors.Failure;
import java.util.Map;
import java.util.regex.Pattern;

/** Uploadcare's limits on file metadata: keys 1–64 of {@code [A-Za-z0-9_.:-]}, values 1–512 characters, 50 keys. */
public final class MetadataRules {
    public static final int MAX_KEYS = 50;
    public static final int MAX_KEY_LENGTH = 64;
    public static final int MAX_VALUE_LENGTH = 512;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]+");

    private MetadataRules() {}

    public static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw Failure.badRequest("FileMetadataKeyEmptyError", "Metadata key can not be empty.");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw Failure.badRequest("FileMetadataKeyLengthTooBigError",
                    "Metadata key length is too big. Max length is " + MAX_KEY_LENGTH + " characters.");
        }
        if (!KEY.matcher(key).matches()) {
            throw Failure.badRequest("FileMetadataKeyForbiddenError",
                    "Metadata key can contain only letters, digits and the characters _ . : -");
        }
    }

    public static void checkValue(String value) {
        if (value == null || value.isEmpty()) {
            throw Failure.badRequest("FileMetadataValueEmptyError", "Metadata value can not be empty.");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw Failure.badRequest("FileMetadataValueLengthTooBigError",
                    "Metadata value length is too big. Max length is " + MAX_VALUE_LENGTH + " characters.");
        }
        if (value.indexOf('\0') >= 0) {
            throw Failure.badRequest("FileMetadataValueForbiddenError", "Metadata value contains forbidden characters.");
        }
    }

    public static void check(Map<String, String> metadata) {
        if (metadata.size() > MAX_KEYS) {
            throw Failure.badRequest("FileMetadataKeysNumberTooBigError",
                    "Metadata keys number is too big. Max number is " + MAX_KEYS + ".");
        }
        metadata.forEach((k, v) -> {
            checkKey(k);
            checkValue(v);
        });
    }
}
