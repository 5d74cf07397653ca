package io.satchel.migrate;

import io.satchel.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One local blob into the bucket. Already there (the ledger says so, or its size and SHA-256 match): left
 * alone. Otherwise sent, hashed on the way, and read back from the bucket to compare size and SHA-256.
 * Under {@code verifyAll} an object that differs from its local file is reported, not overwritten, and
 * forgotten by the ledger, so the next plain run copies it again.
 */
final class BlobTransfer {

    /** What happened to one blob. */
    sealed interface Outcome {
        record Copied(long bytes) implements Outcome {}

        record Present(long bytes) implements Outcome {}

        /** The node removed the file while the copy ran: nothing to move. */
        record Vanished() implements Outcome {}

        record Failed(String why) implements Outcome {}
    }

    /** A regular file under the blob folder, named by its store key. */
    record Blob(String key, Path path, long size, long modified) {}

    private final BlobStore bucket;
    private final Ledger ledger;
    private final boolean verifyAll;

    BlobTransfer(BlobStore bucket, Ledger ledger, boolean verifyAll) {
        this.bucket = bucket;
        this.ledger = ledger;
        this.verifyAll = verifyAll;
    }

    Outcome move(Blob blob) throws IOException {
        Ledger.Entry known = ledger.get(blob.key());
        if (!verifyAll && known != null && known.size() == blob.size() && known.modified() == blob.modified()) {
            return new Outcome.Present(blob.size());
        }
        try {
            Optional<BlobStore.BlobStat> there = bucket.stat(blob.key());
            if (there.isPresent()) {
                Outcome checked = compare(blob, there.get().size());
                if (checked != null) return checked;
            }
            return upload(blob);
        } catch (java.nio.file.NoSuchFileException e) {
            if (!Files.exists(blob.path())) return new Outcome.Vanished();
            throw e;
        }
    }

    /** The object already in the bucket against the local file; null when it should be (re)written. */
    private Outcome compare(Blob blob, long theirSize) throws IOException {
        String local = null;
        if (theirSize == blob.size()) {
            try (InputStream in = Files.newInputStream(blob.path())) {
                local = sha256(in).sha;
            }
            Hashed theirs;
            try (InputStream in = bucket.read(blob.key(), 0, -1)) {
                theirs = sha256(in);
            }
            if (theirs.sha.equals(local) && theirs.size == blob.size()) {
                ledger.put(blob.key(), new Ledger.Entry(local, blob.size(), blob.modified()));
                return new Outcome.Present(blob.size());
            }
            theirSize = theirs.size;
        }
        if (!verifyAll) return null;
        ledger.forget(blob.key());
        return new Outcome.Failed("differs in the bucket (" + theirSize + " bytes) from the local file (" + blob.size()
                + " bytes" + (local == null ? "" : ", SHA-256 " + local) + "); the next run without --verify-all copies it again");
    }

    private Outcome upload(Blob blob) throws IOException {
        MessageDigest digest = digest();
        long sent;
        try (InputStream in = new DigestInputStream(Files.newInputStream(blob.path()), digest)) {
            sent = bucket.write(blob.key(), in);
        }
        String local = HexFormat.of().formatHex(digest.digest());
        Hashed back;
        try (InputStream in = bucket.read(blob.key(), 0, -1)) {
            back = sha256(in);
        }
        if (back.size != sent || !back.sha.equals(local)) {
            return new Outcome.Failed("read back from the bucket as " + back.size + " bytes, SHA-256 " + back.sha
                    + "; sent " + sent + " bytes, SHA-256 " + local);
        }
        ledger.put(blob.key(), new Ledger.Entry(local, sent, blob.modified()));
        return new Outcome.Copied(sent);
    }

    private record Hashed(String sha, long size) {}

    private static Hashed sha256(InputStream in) throws IOException {
        MessageDigest digest = digest();
        long size;
        try (DigestInputStream hashing = new DigestInputStream(in, digest)) {
            size = hashing.transferTo(OutputStream.nullOutputStream());
        }
        return new Hashed(HexFormat.of().formatHex(digest.digest()), size);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
