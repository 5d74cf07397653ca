package io.satchel.files;

/**
 * Uploadcare's sanitised file name: the stem reduced to {@code [A-Za-z0-9_]}, the extension kept
 * ({@code IMG-0412_123.JPG} becomes {@code IMG0412_123.JPG}, {@code Северина_паспорт.pdf} becomes
 * {@code _.pdf}). A stem with nothing left becomes {@code file} ({@code файл.pdf → file.pdf}): Uploadcare's
 * behaviour there is UNCONFIRMED in the spec, this is our choice.
 */
public final class Filenames {
    private Filenames() {}

    public static String sanitize(String original) {
        if (original == null) return "file";
        String name = original;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) name = name.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : (dot == 0 ? "" : name);
        String ext = dot >= 0 ? name.substring(dot + 1) : "";
        String cleanStem = stem.replaceAll("[^A-Za-z0-9_]", "");
        String cleanExt = ext.replaceAll("[^A-Za-z0-9]", "");
        if (cleanStem.isEmpty() && cleanExt.isEmpty()) return "file";
        if (cleanExt.isEmpty()) return cleanStem.isEmpty() ? "file" : cleanStem;
        return (cleanStem.isEmpty() ? "file" : cleanStem) + "." + cleanExt;
    }

    /** A name a client sent, made safe to keep: no paths, no control characters, bounded length. */
    public static String original(String sent, String fallback) {
        if (sent == null || sent.isBlank()) return fallback;
        String name = sent;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0 && slash < name.length() - 1) name = name.substring(slash + 1);
        name = name.replaceAll("\\p{Cntrl}", "");
        if (name.length() > 255) name = name.substring(0, 255);
        return name.isBlank() ? fallback : name;
    }
}
