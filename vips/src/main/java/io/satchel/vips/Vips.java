package io.satchel.vips;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * libvips, loaded and initialised once per process through {@code java.lang.foreign}. Work happens in a
 * {@link Scope} per job, which owns every native object the job makes and frees them when closed.
 *
 * <p>Start-up settings follow what the prototype measured: no operation cache (it cannot hit for
 * buffer inputs and keeps objects alive), one libvips worker per pipeline (scale with a pool of
 * callers instead), untrusted loaders blocked, and only the allow-listed loaders enabled.
 */
public final class Vips {
    /** Loader classes that may decode untrusted input. Everything else below VipsForeignLoad is blocked. */
    public static final List<String> ALLOWED_LOADERS = List.of("VipsForeignLoadJpeg", "VipsForeignLoadPng",
            "VipsForeignLoadWebp", "VipsForeignLoadGif", "VipsForeignLoadNsgif", "VipsForeignLoadTiff",
            "VipsForeignLoadHeif");

    private static Vips instance;

    final Native n;
    private final String version;
    private final Optional<Path> library;

    private Vips(Optional<Path> library) {
        this.library = library;
        this.n = new Native(library);
        try (Arena arena = Arena.ofConfined()) {
            if ((int) n.vipsInit.invokeExact(arena.allocateFrom("satchel")) != 0) {
                throw new VipsException("vips_init failed: " + errorText());
            }
            int major = (int) n.vipsVersion.invokeExact(0);
            int minor = (int) n.vipsVersion.invokeExact(1);
            if (major < 8 || (major == 8 && minor < 14)) {
                throw new VipsException("libvips 8.14 or newer is needed, found " + major + "." + minor);
            }
            this.version = ((MemorySegment) n.vipsVersionString.invokeExact()).reinterpret(64).getString(0);
            n.cacheSetMax.invokeExact(0);
            n.concurrencySet.invokeExact(1);
            n.blockUntrustedSet.invokeExact(1);
            n.operationBlockSet.invokeExact(arena.allocateFrom("VipsForeignLoad"), 1);
            for (String loader : ALLOWED_LOADERS) n.operationBlockSet.invokeExact(arena.allocateFrom(loader), 0);
        } catch (VipsException e) {
            throw e;
        } catch (Throwable t) {
            throw new VipsException("cannot initialise libvips: " + t);
        }
    }

    /**
     * The process's libvips: the shared object at {@code library} (any libvips 8.14+ exporting the C API,
     * e.g. sharp's self-contained build), else the system's {@code libvips.so.42}. The first call decides;
     * a later call naming another library fails.
     */
    public static synchronized Vips load(Optional<Path> library) {
        if (instance == null) {
            instance = new Vips(library);
        } else if (!instance.library.equals(library)) {
            throw new VipsException("libvips is already loaded from " + instance.library.map(Path::toString)
                    .orElse("libvips.so.42") + "; one process uses one libvips");
        }
        return instance;
    }

    public String version() {
        return version;
    }

    /** A new scope confined to the calling thread: open it on the thread that does the work. */
    public Scope scope() {
        return new Scope(this);
    }

    /** Memory and files libvips tracks itself (pixel buffers, open files): flat under steady load. */
    public Tracked tracked() {
        try {
            return new Tracked((long) n.trackedGetMem.invokeExact(), (int) n.trackedGetAllocs.invokeExact(),
                    (int) n.trackedGetFiles.invokeExact());
        } catch (Throwable t) {
            throw new VipsException(t.toString());
        }
    }

    /** libvips's own bookkeeping of native allocations. */
    public record Tracked(long bytes, int allocations, int files) {}

    /** Takes (copies and clears) libvips's process-wide error text. */
    String errorText() {
        try {
            MemorySegment p = (MemorySegment) n.errorBufferCopy.invokeExact();
            if (p.equals(MemorySegment.NULL)) return "unknown libvips error";
            String text = p.reinterpret(Long.MAX_VALUE).getString(0);
            n.gFree.invokeExact(p);
            text = text.strip();
            return text.isEmpty() ? "unknown libvips error" : text;
        } catch (Throwable t) {
            return "unknown libvips error (" + t + ")";
        }
    }

    static MemorySegment pointer(MemorySegment cell) {
        return cell.get(ADDRESS, 0);
    }
}
