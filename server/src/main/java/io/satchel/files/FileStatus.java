package io.satchel.files;

/** Where a file is in the upload algorithm (DESIGN.md): bytes arriving, confirmed, processed, or failed. */
public enum FileStatus {
    UPLOADING, UPLOADED, READY, FAILED;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static FileStatus fromColumn(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
