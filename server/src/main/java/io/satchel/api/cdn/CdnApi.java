package io.satchel.api.cdn;

import io.satchel.api.Call;
import io.satchel.delivery.ByteRange;
import io.satchel.delivery.CdnPath;
import io.satchel.delivery.Delivery;
import io.satchel.delivery.Disposition;
import io.satchel.delivery.Original;
import io.satchel.delivery.Validators;
import io.satchel.errors.Failure;
import io.satchel.files.Files;
import io.satchel.groups.Groups;
import io.satchel.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/** The CDN: delivery of originals by uuid and of group members (spec §4.1). */
public final class CdnApi {
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Delivery delivery;
    private final BlobStore store;

    public CdnApi(Files files, Groups groups, BlobStore store) {
        this.delivery = new Delivery(files, groups);
        this.store = store;
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
        String etag = o.etag();
        if (Validators.noneMatchFails(call.header("If-None-Match"), etag)) {
            call.header("ETag", etag).header("Cache-Control", o.cacheControl());
            call.sendEmpty(304);
            return;
        }
        long size = o.file().size();
        ByteRange range = call.isHead() || !Validators.ifRangeHolds(call.header("If-Range"), etag)
                ? new ByteRange.Whole() : ByteRange.parse(call.header("Range"), size);
        if (range instanceof ByteRange.Unsatisfiable u) {
            call.header("Content-Range", u.contentRange(size)).header("Accept-Ranges", "bytes");
            call.send(416, TEXT, "Range not satisfiable.");
            return;
        }
        boolean partial = range instanceof ByteRange.Slice;
        long first = range instanceof ByteRange.Slice s ? s.first() : 0;
        long length = range instanceof ByteRange.Slice s ? s.length() : size;
        InputStream in;
        try {
            in = store.read(o.file().storageKey(), first, length);
        } catch (NoSuchFileException e) {
            notFound(call); // swept or removed between the look-up and the read
            return;
        }
        call.header("ETag", etag).header("Cache-Control", o.cacheControl()).header("Accept-Ranges", "bytes")
                .header("Content-Disposition", o.dispositionHeader());
        if (disposition.active()) call.header("Content-Security-Policy", Disposition.SANDBOX);
        if (range instanceof ByteRange.Slice s) call.header("Content-Range", s.contentRange(size));
        call.stream(partial ? 206 : 200, o.file().mimeType(), length, in);
    }

    static void notFound(Call call) {
        call.header("Cache-Control", "no-store");
        call.send(404, TEXT, "Not found.");
    }
}
