package io.satchel.uploads;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.files.FileCatalog;
import io.satchel.files.FileStatus;
import io.satchel.files.StoredFile;
import io.satchel.imaging.ImageEngine;
import io.satchel.imaging.ImageInfo;
import io.satchel.jobs.JobQueue;
import io.satchel.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * PROCESS: the durable job that finishes a file's record after CONFIRM — the SHA-256 where the bytes
 * were not hashed on their way in, content info, the image header for images (the file is only an image
 * if an allow-listed loader reads it), then ready. Running it
 * twice is harmless.
 */
public final class Processing implements JobQueue.Handler {
    /** Uploadcare does not treat files above 100 MB as images. */
    static final long MAX_IMAGE_BYTES = 100L * 1000 * 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileCatalog files;
    private final BlobStore store;
    private final ImageEngine images;

    public Processing(FileCatalog files, BlobStore store, ImageEngine images) {
        this.files = files;
        this.store = store;
        this.images = images;
    }

    @Override
    public void run(String uuid) throws IOException {
        Optional<StoredFile> found = files.find(uuid);
        if (found.isEmpty() || found.get().isRemoved()) return;
        StoredFile file = found.get();
        if (file.sha256() == null) {
            // The bytes went straight to an object store: one read-back gives their SHA-256.
            try (InputStream in = store.read(file.storageKey(), 0, -1)) {
                Ingest.Measured measured = Ingest.measure(in);
                if (measured.size() != file.size()) {
                    throw new IOException("file " + uuid + " has " + measured.size() + " bytes in the store, "
                            + file.size() + " on record");
                }
                files.setSha256(uuid, measured.sha256());
            } catch (java.nio.file.NoSuchFileException e) {
                return; // removed while queued
            }
        }
        Optional<ImageInfo> image = Optional.empty();
        if (MimeSniffer.isImage(file.mimeType()) && file.size() <= MAX_IMAGE_BYTES && file.size() > 0) {
            try (InputStream in = store.read(file.storageKey(), 0, file.size())) {
                image = images.probe(in, file.size());
            } catch (java.nio.file.NoSuchFileException e) {
                return; // removed while queued
            }
        }
        files.markProcessed(uuid, FileStatus.READY, image.isPresent(), contentInfo(file.mimeType(), image));
    }

    static String contentInfo(String mime) {
        return contentInfo(mime, Optional.empty());
    }

    static String contentInfo(String mime, Optional<ImageInfo> image) {
        ObjectNode info = JSON.createObjectNode();
        ObjectNode m = info.putObject("mime");
        int slash = mime.indexOf('/');
        m.put("mime", mime);
        m.put("type", slash > 0 ? mime.substring(0, slash) : mime);
        m.put("subtype", slash > 0 ? mime.substring(slash + 1) : "");
        image.ifPresent(i -> info.set("image", imageJson(i)));
        return info.toString();
    }

    /** The {@code image_info} object of spec §2.4, every key present. */
    static ObjectNode imageJson(ImageInfo i) {
        ObjectNode n = JSON.createObjectNode();
        if (i.dpi() == null) {
            n.putNull("dpi");
        } else {
            n.putArray("dpi").add(i.dpi()[0]).add(i.dpi()[1]);
        }
        n.put("width", i.width());
        n.put("format", i.format());
        n.put("height", i.height());
        n.put("sequence", i.sequence());
        n.put("color_mode", i.colorMode());
        if (i.orientation() == null) n.putNull("orientation"); else n.put("orientation", i.orientation());
        if (i.geoLocation() == null) {
            n.putNull("geo_location");
        } else {
            n.putObject("geo_location").put("latitude", i.geoLocation().latitude()).put("longitude", i.geoLocation().longitude());
        }
        n.put("datetime_original", i.datetimeOriginal());
        return n;
    }
}
