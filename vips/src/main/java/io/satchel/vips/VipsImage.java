package io.satchel.vips;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image made in a {@link Scope}; valid until the scope closes. Reading the header costs nothing:
 * libvips decodes pixels only when an operation or a save pulls them.
 */
public final class VipsImage {
    private static final String[] INTERPRETATIONS = new String[30];

    static {
        INTERPRETATIONS[0] = "multiband";
        INTERPRETATIONS[1] = "b-w";
        INTERPRETATIONS[10] = "histogram";
        INTERPRETATIONS[12] = "xyz";
        INTERPRETATIONS[13] = "lab";
        INTERPRETATIONS[15] = "cmyk";
        INTERPRETATIONS[16] = "labq";
        INTERPRETATIONS[17] = "rgb";
        INTERPRETATIONS[18] = "cmc";
        INTERPRETATIONS[19] = "lch";
        INTERPRETATIONS[21] = "labs";
        INTERPRETATIONS[22] = "srgb";
        INTERPRETATIONS[23] = "yxy";
        INTERPRETATIONS[24] = "fourier";
        INTERPRETATIONS[25] = "rgb16";
        INTERPRETATIONS[26] = "grey16";
        INTERPRETATIONS[27] = "matrix";
        INTERPRETATIONS[28] = "scrgb";
        INTERPRETATIONS[29] = "hsv";
    }

    private final Scope scope;
    final MemorySegment ptr;
    /** This image rendered to memory, once made (see {@link Scope#copyMemory}). */
    VipsImage rendered;

    VipsImage(Scope scope, MemorySegment ptr) {
        this.scope = scope;
        this.ptr = ptr;
    }

    public int width() {
        return scope.intCall(scope.n().imageGetWidth, ptr);
    }

    public int height() {
        return scope.intCall(scope.n().imageGetHeight, ptr);
    }

    public int bands() {
        return scope.intCall(scope.n().imageGetBands, ptr);
    }

    /** Pages of a multi-page or animated image (1 for a still). */
    public int pages() {
        return scope.intCall(scope.n().imageGetNPages, ptr);
    }

    public boolean hasAlpha() {
        return scope.intCall(scope.n().imageHasAlpha, ptr) != 0;
    }

    /** Horizontal resolution in pixels per millimetre, as libvips keeps it. */
    public double xres() {
        try {
            return (double) scope.n().imageGetXres.invokeExact(ptr);
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    public double yres() {
        try {
            return (double) scope.n().imageGetYres.invokeExact(ptr);
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    /** libvips's interpretation nick: {@code srgb}, {@code b-w}, {@code cmyk}, {@code rgb16}, {@code grey16}… */
    public String interpretation() {
        int i = scope.intCall(scope.n().imageGetInterpretation, ptr);
        return i >= 0 && i < INTERPRETATIONS.length && INTERPRETATIONS[i] != null ? INTERPRETATIONS[i] : "unknown";
    }

    /** The operation that loaded this image, e.g. {@code jpegload_buffer}, if it was loaded. */
    public Optional<String> loader() {
        return string("vips-loader");
    }

    public boolean has(String field) {
        try (Arena a = Arena.ofConfined()) {
            return (long) scope.n().imageGetTypeof.invokeExact(ptr, a.allocateFrom(field)) != 0L;
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    public Optional<Integer> integer(String field) {
        if (!has(field)) return Optional.empty();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_INT);
            int rc = (int) scope.n().imageGetInt.invokeExact(ptr, a.allocateFrom(field), out);
            if (rc != 0) {
                scope.vips().errorText();
                return Optional.empty();
            }
            return Optional.of(out.get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    public Optional<Double> number(String field) {
        if (!has(field)) return Optional.empty();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_DOUBLE);
            int rc = (int) scope.n().imageGetDouble.invokeExact(ptr, a.allocateFrom(field), out);
            if (rc != 0) {
                scope.vips().errorText();
                return Optional.empty();
            }
            return Optional.of(out.get(JAVA_DOUBLE, 0));
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    /** A string field (EXIF fields are strings such as {@code "6 (Right-top, Short, 1 components, 2 bytes)"}). */
    public Optional<String> string(String field) {
        if (!has(field)) return Optional.empty();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            int rc = (int) scope.n().imageGetString.invokeExact(ptr, a.allocateFrom(field), out);
            if (rc != 0) {
                scope.vips().errorText();
                return Optional.empty();
            }
            MemorySegment s = out.get(ADDRESS, 0);
            return s.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(s.reinterpret(Long.MAX_VALUE).getString(0));
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    /** A binary field (e.g. {@code icc-profile-data}), copied out; empty when absent or not binary. */
    public Optional<byte[]> blob(String field) {
        if (!has(field)) return Optional.empty();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment data = a.allocate(ADDRESS);
            MemorySegment length = a.allocate(JAVA_LONG);
            int rc = (int) scope.n().imageGetBlob.invokeExact(ptr, a.allocateFrom(field), data, length);
            if (rc != 0) {
                scope.vips().errorText();
                return Optional.empty();
            }
            MemorySegment p = data.get(ADDRESS, 0);
            long size = length.get(JAVA_LONG, 0);
            return p.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(p.reinterpret(size).toArray(JAVA_BYTE));
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    /** The names of every metadata field. */
    public List<String> fields() {
        try {
            MemorySegment array = (MemorySegment) scope.n().imageGetFields.invokeExact(ptr);
            List<String> names = new ArrayList<>();
            MemorySegment cells = array.reinterpret(Long.MAX_VALUE);
            for (long i = 0; ; i++) {
                MemorySegment s = cells.getAtIndex(ADDRESS, i);
                if (s.equals(MemorySegment.NULL)) break;
                names.add(s.reinterpret(Long.MAX_VALUE).getString(0));
            }
            scope.n().gStrfreev.invokeExact(array);
            return names;
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    /** Removes a metadata field from this image (only safe on an image no one else shares, e.g. a copy). */
    public void remove(String field) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) scope.n().imageRemove.invokeExact(ptr, a.allocateFrom(field));
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    @Override
    public String toString() {
        return "VipsImage[" + width() + "x" + height() + "x" + bands() + "]";
    }
}
