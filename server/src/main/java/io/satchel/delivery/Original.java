package io.satchel.delivery;

import io.satchel.files.StoredFile;
import java.util.Optional;

/** A file's original bytes as one CDN address asks for them: the chain to apply and the name to show. */
public record Original(StoredFile file, Chain chain, Optional<String> filename) {
    static final String STORED = "public, max-age=31536000, immutable";
    /** A temporary file may yet be stored (then cached for good) or swept, so edges keep it briefly. */
    static final String TEMPORARY = "public, max-age=600";

    public String etag() {
        // Until PROCESS has hashed bytes that went straight to the store, the uuid names them (files never change).
        return Validators.etagOf(file.sha256() != null ? file.sha256() : "u-" + file.uuid());
    }

    public String cacheControl() {
        return file.isStored() ? STORED : TEMPORARY;
    }

    public Disposition disposition() {
        return Disposition.of(file.mimeType(), chain.inline());
    }

    /** The {@code Content-Disposition} value: the address's filename, else the stored sanitised one. */
    public String dispositionHeader() {
        return disposition().header(filename.orElse(null), file.filename());
    }
}
