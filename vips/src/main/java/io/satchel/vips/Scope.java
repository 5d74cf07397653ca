package io.satchel.vips;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job's worth of libvips work, confined to the thread that opened it. Every image, input copy and
 * argument made in the scope lives until {@link #close()}, which releases them all: no finalizers, no
 * leaks on error paths. libvips pipelines are lazy and read their input buffers during the final save,
 * which is why the input copies must live as long as the images do.
 *
 * <p>Operations are called the way pyvips calls them (the generic GValue route): by name, with named
 * arguments whose types GObject checks at run time, so a wrong argument is an exception, not a crash.
 */
public final class Scope implements AutoCloseable {
    // GLib's fundamental type ids (G_TYPE_MAKE_FUNDAMENTAL(n) = n << 2).
    private static final long G_BOOLEAN = 20, G_INT = 24, G_UINT = 28, G_INT64 = 40, G_UINT64 = 44, G_ENUM = 48,
            G_FLAGS = 52, G_DOUBLE = 60, G_STRING = 64, G_BOXED = 72, G_OBJECT = 80;
    private static final long GVALUE_SIZE = 24;
    /** The few operations whose image argument is called {@code input} rather than {@code in}. */
    private static final java.util.Set<String> INPUT_NAMED_INPUT = java.util.Set.of("extract_area", "crop", "smartcrop");
    private static final long PSPEC_VALUE_TYPE = 24;

    private final Vips vips;
    private final Native n;
    private final Arena arena = Arena.ofConfined();
    private final List<MemorySegment> owned = new ArrayList<>();
    private final MemorySegment domain;
    private boolean closed;

    Scope(Vips vips) {
        this.vips = vips;
        this.n = vips.n;
        this.domain = arena.allocateFrom("satchel");
    }

    Native n() {
        return n;
    }

    Vips vips() {
        return vips;
    }

    /**
     * Opens an encoded image from bytes with the allow-listed loader that recognises them. Only the
     * header is read now; pixels are decoded on demand, once, top to bottom ({@code access=sequential}).
     * {@code fail_on=error} rejects damaged files instead of returning grey pixels.
     */
    public VipsImage load(byte[] data, Object... options) {
        return load(input(data), options);
    }

    /** As {@link #load(byte[], Object...)}, reading {@code size} bytes of a stream straight into native memory. */
    public VipsImage load(java.io.InputStream in, long size, Object... options) throws java.io.IOException {
        return load(input(in, size), options);
    }

    /** Encoded bytes held in this scope's native memory, to open more than once (a header probe, then a decode). */
    public static final class Input {
        private final MemorySegment bytes;

        private Input(MemorySegment bytes) {
            this.bytes = bytes;
        }

        public long size() {
            return bytes.byteSize();
        }
    }

    /** Reads {@code size} bytes of {@code in} into native memory (never the Java heap). */
    public Input read(java.io.InputStream in, long size) throws java.io.IOException {
        return new Input(input(in, size));
    }

    public VipsImage load(Input input, Object... options) {
        return load(input.bytes, options);
    }

    public VipsImage thumbnail(Input input, int width, Object... options) {
        return thumbnail(input.bytes, width, options);
    }

    private VipsImage load(MemorySegment blob, Object[] options) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("buffer", blob);
        args.put("access", "sequential");
        args.put("fail_on", "error");
        putOptions(args, options);
        return (VipsImage) call(loaderFor(blob), args, List.of("out")).get("out");
    }

    /**
     * Decodes and shrinks in one pass ({@code thumbnail_buffer}): JPEG and WebP decode at a reduced
     * scale, the orientation tag is applied. Options as in libvips: height, size, crop, no_rotate…
     */
    public VipsImage thumbnail(byte[] data, int width, Object... options) {
        return thumbnail(input(data), width, options);
    }

    /** As {@link #thumbnail(byte[], int, Object...)}, reading {@code size} bytes of a stream into native memory. */
    public VipsImage thumbnail(java.io.InputStream in, long size, int width, Object... options) throws java.io.IOException {
        return thumbnail(input(in, size), width, options);
    }

    private VipsImage thumbnail(MemorySegment blob, int width, Object[] options) {
        loaderFor(blob); // refuse blocked or unknown formats with a clear message before any decode
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("buffer", blob);
        args.put("width", width);
        // 8.14's thumbnail_buffer does not pass its own fail_on to the loader; the option string does.
        args.put("option_string", "fail_on=error");
        putOptions(args, options);
        return (VipsImage) call("thumbnail_buffer", args, List.of("out")).get("out");
    }

    /**
     * Runs {@code operation} on one image with named options and returns its {@code out} image. The
     * image goes to the operation's {@code in} argument, or {@code input} where it is named so
     * ({@code extract_area}).
     */
    public VipsImage apply(String operation, VipsImage in, Object... options) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(INPUT_NAMED_INPUT.contains(operation) ? "input" : "in", in);
        putOptions(args, options);
        return (VipsImage) call(operation, args, List.of("out")).get("out");
    }

    /**
     * Runs {@code operation} with every argument named ({@code "left", a, "right", b}) and returns its
     * {@code out} image: for operations that make an image ({@code black}, {@code xyz}) or take several
     * ({@code multiply}, {@code insert}, {@code composite2}, {@code bandjoin}).
     */
    public VipsImage image(String operation, Object... arguments) {
        Map<String, Object> args = new LinkedHashMap<>();
        putOptions(args, arguments);
        return (VipsImage) call(operation, args, List.of("out")).get("out");
    }

    /**
     * Encodes with a {@code *save_buffer} operation, e.g. {@code jpegsave_buffer} with {@code "Q", 80}.
     * The image is first rendered to memory, so a decode failure surfaces there: 8.14's webpsave leaks
     * the whole pipeline when the pipeline fails during the save.
     */
    public byte[] save(VipsImage image, String saver, Object... options) {
        VipsImage rendered = copyMemory(image);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("in", rendered);
        putOptions(args, options);
        return (byte[]) call(saver, args, List.of("buffer")).get("buffer");
    }

    /**
     * Renders the image's pipeline into memory, once: a sequential pipeline can be read only once, so
     * later calls return the same rendering. Errors in decoding appear here.
     */
    public VipsImage copyMemory(VipsImage image) {
        if (image.rendered != null) return image.rendered;
        try {
            MemorySegment p = (MemorySegment) n.imageCopyMemory.invokeExact(image.ptr);
            if (p.equals(MemorySegment.NULL)) throw new VipsException(vips.errorText());
            VipsImage memory = own(p);
            memory.rendered = memory;
            image.rendered = memory;
            return memory;
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    /**
     * Calls any libvips operation by name. Inputs: {@link VipsImage}, {@code VipsImage[]}, {@code byte[]}
     * (a blob), numbers, booleans, strings (also enum and flag nicks), {@code double[]}, {@code int[]}.
     * Returns the requested outputs: images, numbers, booleans, strings, {@code byte[]}, {@code double[]}.
     */
    public Map<String, Object> call(String operation, Map<String, Object> inputs, List<String> outputs) {
        ensureOpen();
        try {
            MemorySegment op = (MemorySegment) n.operationNew.invokeExact(arena.allocateFrom(operation));
            if (op.equals(MemorySegment.NULL)) throw new VipsException(vips.errorText());
            MemorySegment cell = arena.allocate(ADDRESS);
            cell.set(ADDRESS, 0, op);
            try {
                for (var e : inputs.entrySet()) set(op, e.getKey(), e.getValue());
                if ((int) n.cacheOperationBuildp.invokeExact(cell) != 0) {
                    throw new VipsException(vips.errorText());
                }
                MemorySegment built = cell.get(ADDRESS, 0);
                Map<String, Object> results = new LinkedHashMap<>();
                for (String name : outputs) results.put(name, get(built, name));
                return results;
            } finally {
                MemorySegment built = cell.get(ADDRESS, 0);
                n.objectUnrefOutputs.invokeExact(built);
                n.gObjectUnref.invokeExact(built);
            }
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException(operation + ": " + t);
        }
    }

    /** Releases every image made in this scope, then the native memory behind inputs and arguments. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            for (int i = owned.size() - 1; i >= 0; i--) n.gObjectUnref.invokeExact(owned.get(i));
        } catch (Throwable t) {
            throw new VipsException("releasing images: " + t);
        } finally {
            owned.clear();
            arena.close();
        }
    }

    // --- internals

    private String loaderFor(MemorySegment blob) {
        // blob here is the native copy; find the loader class name that recognises it.
        try {
            MemorySegment name = (MemorySegment) n.foreignFindLoadBuffer.invokeExact(blob, blob.byteSize());
            if (name.equals(MemorySegment.NULL)) throw new VipsException(vips.errorText());
            return name.reinterpret(256).getString(0);
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    private MemorySegment input(byte[] data) {
        ensureOpen();
        if (data.length == 0) throw new VipsException("empty input");
        MemorySegment copy = arena.allocate(data.length, 16);
        MemorySegment.copy(data, 0, copy, JAVA_BYTE, 0, data.length);
        return copy;
    }

    /** Exactly {@code size} bytes of {@code in}, copied into this scope's native memory (never the heap). */
    private MemorySegment input(java.io.InputStream in, long size) throws java.io.IOException {
        ensureOpen();
        if (size <= 0) throw new VipsException("empty input");
        MemorySegment copy = arena.allocate(size, 16);
        byte[] chunk = new byte[(int) Math.min(size, 256 * 1024)];
        long at = 0;
        while (at < size) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, size - at));
            if (n < 0) throw new java.io.EOFException("input ended after " + at + " of " + size + " bytes");
            MemorySegment.copy(chunk, 0, copy, JAVA_BYTE, at, n);
            at += n;
        }
        return copy;
    }

    private static void putOptions(Map<String, Object> args, Object[] options) {
        if (options.length % 2 != 0) throw new IllegalArgumentException("options come in name, value pairs");
        for (int i = 0; i < options.length; i += 2) args.put((String) options[i], options[i + 1]);
    }

    private VipsImage own(MemorySegment image) {
        owned.add(image);
        return new VipsImage(this, image);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("scope is closed");
    }

    int intCall(MethodHandle h, MemorySegment image) {
        try {
            return (int) h.invokeExact(image);
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    private long argumentType(MemorySegment op, String name) throws Throwable {
        MemorySegment pspec = arena.allocate(ADDRESS);
        MemorySegment klass = arena.allocate(ADDRESS);
        MemorySegment instance = arena.allocate(ADDRESS);
        if ((int) n.objectGetArgument.invokeExact(op, arena.allocateFrom(name), pspec, klass, instance) != 0) {
            throw new VipsException(vips.errorText());
        }
        return pspec.get(ADDRESS, 0).reinterpret(PSPEC_VALUE_TYPE + 8).get(JAVA_LONG, PSPEC_VALUE_TYPE);
    }

    private void set(MemorySegment op, String name, Object value) throws Throwable {
        long type = argumentType(op, name);
        long fundamental = (long) n.gTypeFundamental.invokeExact(type);
        MemorySegment gv = arena.allocate(GVALUE_SIZE, 8);
        MemorySegment ignored = (MemorySegment) n.gValueInit.invokeExact(gv, type);
        try {
            switch (value) {
                case VipsImage image -> n.gValueSetObject.invokeExact(gv, image.ptr);
                case MemorySegment bytes -> setBlob(gv, bytes);
                case byte[] bytes -> setBlob(gv, input(bytes));
                case double[] ds -> setDoubles(gv, type, name, ds);
                case int[] is -> {
                    if (type != (long) n.arrayIntType.invokeExact()) throw wrongType(name, "int[]");
                    MemorySegment arr = arena.allocateFrom(JAVA_INT, is);
                    n.valueSetArrayInt.invokeExact(gv, arr, is.length);
                }
                case VipsImage[] images -> {
                    if (type != (long) n.arrayImageType.invokeExact()) throw wrongType(name, "VipsImage[]");
                    n.valueSetArrayImage.invokeExact(gv, images.length);
                    MemorySegment slots = ((MemorySegment) n.valueGetArrayImage.invokeExact(gv, MemorySegment.NULL))
                            .reinterpret(ADDRESS.byteSize() * images.length);
                    for (int i = 0; i < images.length; i++) {
                        MemorySegment ref = (MemorySegment) n.gObjectRef.invokeExact(images[i].ptr);
                        slots.setAtIndex(ADDRESS, i, ref);
                    }
                }
                case Boolean b -> {
                    if (fundamental != G_BOOLEAN) throw wrongType(name, "boolean");
                    n.gValueSetBoolean.invokeExact(gv, b ? 1 : 0);
                }
                case String s -> setString(gv, type, fundamental, name, s);
                case Number num -> setNumber(gv, type, fundamental, name, num);
                default -> throw wrongType(name, value.getClass().getSimpleName());
            }
            n.gObjectSetProperty.invokeExact(op, arena.allocateFrom(name), gv);
        } finally {
            n.gValueUnset.invokeExact(gv);
        }
    }

    private void setBlob(MemorySegment gv, MemorySegment bytes) throws Throwable {
        MemorySegment blob = (MemorySegment) n.blobNew.invokeExact(MemorySegment.NULL, bytes, bytes.byteSize());
        n.gValueSetBoxed.invokeExact(gv, blob);
        n.areaUnref.invokeExact(blob);
    }

    private void setDoubles(MemorySegment gv, long type, String name, double[] ds) throws Throwable {
        if (type != (long) n.arrayDoubleType.invokeExact()) throw wrongType(name, "double[]");
        MemorySegment arr = arena.allocateFrom(JAVA_DOUBLE, ds);
        n.valueSetArrayDouble.invokeExact(gv, arr, ds.length);
    }

    private void setString(MemorySegment gv, long type, long fundamental, String name, String s) throws Throwable {
        MemorySegment c = arena.allocateFrom(s);
        if (fundamental == G_STRING) {
            n.gValueSetString.invokeExact(gv, c);
        } else if (fundamental == G_ENUM) {
            int v = (int) n.enumFromNick.invokeExact(domain, type, c);
            if (v < 0) throw new VipsException(vips.errorText());
            n.gValueSetEnum.invokeExact(gv, v);
        } else if (fundamental == G_FLAGS) {
            int v = (int) n.flagsFromNick.invokeExact(domain, type, c);
            if (v < 0) throw new VipsException(vips.errorText());
            n.gValueSetFlags.invokeExact(gv, v);
        } else {
            throw wrongType(name, "string");
        }
    }

    private void setNumber(MemorySegment gv, long type, long fundamental, String name, Number num) throws Throwable {
        if (fundamental == G_INT || fundamental == G_UINT) {
            n.gValueSetInt.invokeExact(gv, Math.toIntExact(num.longValue()));
        } else if (fundamental == G_INT64) {
            n.gValueSetInt64.invokeExact(gv, num.longValue());
        } else if (fundamental == G_UINT64) {
            n.gValueSetUint64.invokeExact(gv, num.longValue());
        } else if (fundamental == G_DOUBLE) {
            n.gValueSetDouble.invokeExact(gv, num.doubleValue());
        } else if (fundamental == G_ENUM) {
            n.gValueSetEnum.invokeExact(gv, num.intValue());
        } else if (fundamental == G_FLAGS) {
            n.gValueSetFlags.invokeExact(gv, num.intValue());
        } else if (fundamental == G_BOOLEAN) {
            n.gValueSetBoolean.invokeExact(gv, num.intValue() != 0 ? 1 : 0);
        } else if (fundamental == G_BOXED && type == (long) n.arrayDoubleType.invokeExact()) {
            setDoubles(gv, type, name, new double[] {num.doubleValue()});
        } else {
            throw wrongType(name, "number");
        }
    }

    private Object get(MemorySegment op, String name) throws Throwable {
        long type = argumentType(op, name);
        long fundamental = (long) n.gTypeFundamental.invokeExact(type);
        MemorySegment gv = arena.allocate(GVALUE_SIZE, 8);
        MemorySegment ignored = (MemorySegment) n.gValueInit.invokeExact(gv, type);
        try {
            n.gObjectGetProperty.invokeExact(op, arena.allocateFrom(name), gv);
            if (fundamental == G_OBJECT) {
                MemorySegment object = (MemorySegment) n.gValueGetObject.invokeExact(gv);
                if (object.equals(MemorySegment.NULL)) return null;
                return own((MemorySegment) n.gObjectRef.invokeExact(object));
            }
            if (fundamental == G_INT || fundamental == G_UINT) return (int) n.gValueGetInt.invokeExact(gv);
            if (fundamental == G_INT64 || fundamental == G_UINT64) return (long) n.gValueGetInt64.invokeExact(gv);
            if (fundamental == G_DOUBLE) return (double) n.gValueGetDouble.invokeExact(gv);
            if (fundamental == G_BOOLEAN) return (int) n.gValueGetBoolean.invokeExact(gv) != 0;
            if (fundamental == G_ENUM) return (int) n.gValueGetEnum.invokeExact(gv);
            if (fundamental == G_FLAGS) return (int) n.gValueGetFlags.invokeExact(gv);
            if (fundamental == G_STRING) {
                MemorySegment s = (MemorySegment) n.gValueGetString.invokeExact(gv);
                return s.equals(MemorySegment.NULL) ? null : s.reinterpret(Long.MAX_VALUE).getString(0);
            }
            if (type == (long) n.blobType.invokeExact()) {
                MemorySegment len = arena.allocate(JAVA_LONG);
                MemorySegment data = (MemorySegment) n.valueGetBlob.invokeExact(gv, len);
                long size = len.get(JAVA_LONG, 0);
                return data.reinterpret(size).toArray(JAVA_BYTE);
            }
            if (type == (long) n.arrayDoubleType.invokeExact()) {
                MemorySegment count = arena.allocate(JAVA_INT);
                MemorySegment data = (MemorySegment) n.valueGetArrayDouble.invokeExact(gv, count);
                int size = count.get(JAVA_INT, 0);
                return data.reinterpret(JAVA_DOUBLE.byteSize() * size).toArray(JAVA_DOUBLE);
            }
            MemorySegment typeName = (MemorySegment) n.gTypeName.invokeExact(type);
            throw new VipsException(name + ": outputs of type " + typeName.reinterpret(256).getString(0) + " are not supported");
        } finally {
            n.gValueUnset.invokeExact(gv);
        }
    }

    private static VipsException wrongType(String name, String given) {
        return new VipsException("argument " + name + " does not take a " + given);
    }
}
