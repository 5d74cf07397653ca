package io.satchel.api.cdn;

import io.satchel.api.Call;
import io.satchel.delivery.ByteRange;
import io.satchel.delivery.CdnPath;
import io.satchel.delivery.Chain;
import io.satchel.delivery.Delivery;
import io.satchel.delivery.Disposition;
import io.satchel.delivery.Original;
import io.satchel.delivery.Validators;
import io.satchel.errors.Failure;
import io.satchel.files.Files;
import io.satchel.imaging.Imaging;
import io.satchel.imaging.TransformChain;
import io.satchel.storage.BoundedInputStream;
import io.satchel.groups.Groups;
import io.satchel.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** The CDN: delivery of originals by uuid and of group members (spec §4.1). */
public final class CdnApi {
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Delivery delivery;
    private final BlobStore store;
    private final Imaging imaging;

    public CdnApi(Files files, Groups groups, BlobStore store, Imaging imaging) {
        this.delivery = new Delivery(files, groups);
        this.store = store;
        this.imaging = imaging;
    }

    public boolean handle(Call call) throws IOException {
        Optional<CdnPath> path = CdnPath.parse(call.segments(), call.hasTrailingSlash());
        if (path.isEmpty()) return false;
        call.header("X-Content-Type-Options", "nosniff");
        if (!call.method().equals("GET") && !call.isHead()) {
            call.header("Allow", "GET, HEAD");
            call.send(405, TEXT, "Method not allowed.");
            return true;
        }
        try {
            switch (path.get()) {
                case CdnPath.FileAddress a -> deliver(call, delivery.original(a));
                case CdnPath.GroupMember m -> deliver(call, delivery.original(m));
                case CdnPath.GroupPage p -> delivery.listing(p).ifPresentOrElse(
                        l -> GroupPage.send(call, l), () -> notFound(call));
            }
        } catch (Failure f) {
            call.header("Cache-Control", "no-store");
            if (f.category() == Failure.Category.UNAVAILABLE) call.header("Retry-After", "1");
            call.send(f.status(), TEXT, f.getMessage());
        }
        return true;
    }

    private void deliver(Call call, Optional<Original> found) throws IOException {
        if (found.isEmpty()) {
            notFound(call);
            return;
        }
        Original o = found.get();
        Disposition disposition = o.disposition(); // a malformed -/inline/ fails here, before any bytes
        TransformChain chain = TransformChain.parse(o.chain()); // a malformed known operation is a 400
        if (chain.infoOutput().isPresent()) {
            ImageJson.send(call, o, chain.infoOutput().get(), imaging, chain, files());
            return;
        }
        if (chain.needsProcessing() && o.file().isImage()) {
            Optional<Imaging.Variant> variant;
            try {
                variant = render(o, chain, call.header("Accept"));
            } catch (NoSuchFileException e) {
                notFound(call); // removed between the look-up and the read
                return;
            }
            if (variant.isPresent()) {
                deliverVariant(call, o, variant.get());
                return;
            }
        }
        call.header("Cache-Control", o.cacheControl());
        sendRepresentation(call, o.etag(), o.file().size(), o.file().mimeType(), null, () -> {
            call.header("Content-Disposition", o.dispositionHeader());
            if (disposition.active()) call.header("Content-Security-Policy", Disposition.SANDBOX);
        }, (first, length) -> {
            String key = o.file().storageKey();
            try {
                Optional<Path> local = store.localFile(key);
                if (local.isPresent()) return new Body.InFile(FileChannel.open(local.get(), StandardOpenOption.READ));
                return new Body.Streamed(store.read(key, first, length));
            } catch (NoSuchFileException e) {
                return null; // swept or removed between the look-up and the read
            }
        });
    }

    private Optional<Imaging.Variant> render(Original o, TransformChain chain, String accept) throws IOException {
        try {
            return imaging.variant(o.file(), chain, accept, files());
        } catch (Failure | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void deliverVariant(Call call, Original o, Imaging.Variant v) throws IOException {
        try (InputStream in = v.body()) {
            call.header("Cache-Control", o.cacheControl())
                    .header("X-Satchel-Cache", v.layer().name().toLowerCase(java.util.Locale.ROOT));
            if (v.variesByAccept()) call.header("Vary", "Accept");
            // Served from memory: the event loop may send these very bytes again for a moment.
            if (v.layer() == io.satchel.imaging.ResultCache.Layer.MEMORY) call.remember(o.file().uuid());
            sendRepresentation(call, v.etag(), v.size(), v.encoding().mimeType, v.bytes(),
                    () -> call.header("Content-Disposition", o.dispositionHeader()),
                    (first, length) -> {
                        in.skipNBytes(first);
                        return new Body.Streamed(new BoundedInputStream(in, length));
                    });
        }
    }

    /** Finds the files overlays name: by uuid, only if deliverable (the imaging service checks the project). */
    private Imaging.FileFinder files() {
        return uuid -> delivery.original(new CdnPath.FileAddress(uuid, Chain.EMPTY, Optional.empty())).map(Original::file);
    }

    /** Opens {@code length} bytes from {@code first}; null when the bytes are gone. */
    @FunctionalInterface
    private interface Opener {
        Body open(long first, long length) throws IOException;
    }

    /** Bytes to send: a stream of exactly the range, or a whole file the kernel sends the range of. */
    private sealed interface Body extends java.io.Closeable {
        record Streamed(InputStream in) implements Body {
            @Override
            public void close() throws IOException {
                in.close();
            }
        }

        record InFile(FileChannel file) implements Body {
            @Override
            public void close() throws IOException {
                file.close();
            }
        }
    }

    /**
     * One representation of known size, as HTTP wants it for originals and variants alike: 304 for a
     * matching {@code If-None-Match}, one byte range (honouring {@code If-Range}) or 416, HEAD without a
     * body. {@code whole}, when given, is the entire body in memory, sent in one write.
     */
    private static void sendRepresentation(Call call, String etag, long size, String mimeType, byte[] whole,
                                           Runnable bodyHeaders, Opener opener) throws IOException {
        if (Validators.noneMatchFails(call.header("If-None-Match"), etag)) {
            call.header("ETag", etag);
            call.sendEmpty(304);
            return;
        }
        ByteRange range = call.isHead() || !Validators.ifRangeHolds(call.header("If-Range"), etag)
                ? new ByteRange.Whole() : ByteRange.parse(call.header("Range"), size);
        if (range instanceof ByteRange.Unsatisfiable u) {
            call.header("Content-Range", u.contentRange(size)).header("Accept-Ranges", "bytes");
            call.send(416, TEXT, "Range not satisfiable.");
            return;
        }
        boolean partial = range instanceof ByteRange.Slice;
        long first = range instanceof ByteRange.Slice slice ? slice.first() : 0;
        long length = range instanceof ByteRange.Slice slice ? slice.length() : size;
        Body body = whole != null && !partial ? null : opener.open(first, length);
        if (body == null && (whole == null || partial)) {
            notFound(call);
            return;
        }
        call.header("ETag", etag).header("Accept-Ranges", "bytes");
        bodyHeaders.run();
        if (range instanceof ByteRange.Slice slice) call.header("Content-Range", slice.contentRange(size));
        int status = partial ? 206 : 200;
        switch (body) {
            case null -> call.send(200, mimeType, whole); // in memory: one write
            case Body.Streamed s -> call.stream(status, mimeType, length, s.in());
            case Body.InFile f -> call.sendFile(status, mimeType, f.file(), first, length);
        }
    }

    static void notFound(Call call) {
        call.header("Cache-Control", "no-store");
        call.send(404, TEXT, "Not found.");
    }
}
