package io.satchel.storage;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A store's capability to take multipart parts straight from clients through presigned URLs, so the
 * bytes never pass a node. Only an object store has it; the upload must have been {@link UploadSpool#begin begun}.
 */
public interface PresignedParts {

    /** One URL per part of an upload of {@code length} bytes in parts of {@code partSize}, valid for {@code validity}. */
    List<URI> partUrls(UploadSpool.Spooled upload, long length, long partSize, Duration validity);

    /** The parts the store holds for the upload, by number (a part sent twice is there once, the last copy). */
    Map<Integer, UploadSpool.Piece> listParts(UploadSpool.Spooled upload) throws IOException;
}
