package io.satchel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every store must do the same way: the BlobStore port and the UploadSpool capability. One
 * subclass per adapter; the pieces of an upload are recorded here as the catalog would record them.
 */
abstract class BlobStoreConformance {

    abstract BlobStore store();

    abstract UploadSpool spool();

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void writesReadsRangesStatsAndDeletes() throws IOException {
        byte[] data = random(300_000, 7);
        assertThat(store().write("originals/ab/abc", new ByteArrayInputStream(data))).isEqualTo(data.length);
        assertThat(store().stat("originals/ab/abc")).contains(new BlobStore.BlobStat(data.length));
        assertThat(read(store().read("originals/ab/abc", 0, -1))).isEqualTo(data);
        assertThat(read(store().read("originals/ab/abc", 1000, 10))).isEqualTo(Arrays.copyOfRange(data, 1000, 1010));
        assertThat(read(store().read("originals/ab/abc", 299_990, -1))).isEqualTo(Arrays.copyOfRange(data, 299_990, 300_000));
        assertThat(read(store().read("originals/ab/abc", 400_000, -1))).as("past the end reads nothing").isEmpty();
        store().delete("originals/ab/abc");
        assertThat(store().stat("originals/ab/abc")).isEmpty();
        assertThatThrownBy(() -> store().read("originals/ab/abc", 0, -1)).isInstanceOf(NoSuchFileException.class);
        store().delete("originals/ab/abc"); // absent is fine
    }

    @Test
    void aLargeWriteArrivesWholeInParts() throws IOException {
        // Past an object store's single-request size: written in several parts.
        int size = (int) (2 * S3BlobStore.PART + 12_345);
        byte[] data = random(size, 17);
        assertThat(store().write("originals/cd/large", new ByteArrayInputStream(data))).isEqualTo(size);
        assertThat(store().stat("originals/cd/large")).contains(new BlobStore.BlobStat(size));
        assertThat(read(store().read("originals/cd/large", 0, -1))).isEqualTo(data);
        int from = (int) S3BlobStore.PART - 5;
        assertThat(read(store().read("originals/cd/large", from, 10))).isEqualTo(Arrays.copyOfRange(data, from, from + 10));
    }

    @Test
    void aFailedWriteLeavesNothingAndKeepsThePreviousBlob() throws IOException {
        store().write("k/one", new ByteArrayInputStream("old".getBytes()));
        for (int breakAt : new int[] {100_000, (int) S3BlobStore.PART + 100}) {
            InputStream failing = new InputStream() {
                int n;

                @Override
                public int read() throws IOException {
                    if (n++ > breakAt) throw new IOException("client went away");
                    return 'x';
                }
            };
            assertThatThrownBy(() -> store().write("k/one", failing)).hasMessageContaining("client went away");
            assertThat(new String(read(store().read("k/one", 0, -1)))).isEqualTo("old");
        }
        assertThat(read(store().read("k/one", 0, 0))).isEmpty();
    }

    @Test
    void emptyBlobsAreBlobs() throws IOException {
        assertThat(store().write("k/empty", InputStream.nullInputStream())).isZero();
        assertThat(store().stat("k/empty")).contains(new BlobStore.BlobStat(0));
        assertThat(read(store().read("k/empty", 0, -1))).isEmpty();
    }

    @Test
    void deleteAllRemovesAFolderOfKeysAndNothingElse() throws IOException {
        store().write("results/u1/a.jpg", new ByteArrayInputStream("a".getBytes()));
        store().write("results/u1/b.webp", new ByteArrayInputStream("b".getBytes()));
        store().write("results/u10/a.jpg", new ByteArrayInputStream("c".getBytes()));
        store().write("results/u2/a.jpg", new ByteArrayInputStream("d".getBytes()));
        store().deleteAll("results/u1");
        assertThat(store().stat("results/u1/a.jpg")).isEmpty();
        assertThat(store().stat("results/u1/b.webp")).isEmpty();
        assertThat(store().stat("results/u10/a.jpg")).as("a key that only starts alike").isPresent();
        assertThat(store().stat("results/u2/a.jpg")).isPresent();
        store().deleteAll("results/nothing-here");
    }

    @Test
    void keysCannotEscape() {
        for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", "", "a/./b/..", "a\\b"}) {
            assertThatThrownBy(() -> store().stat(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void isHealthy() {
        assertThat(store().isHealthy()).isTrue();
    }

    /** An upload's pieces as the catalog keeps them. */
    final class Recorded {
        final String id = UUID.randomUUID().toString();
        final String key = "originals/" + id.substring(0, 2) + "/" + id;
        UploadSpool.Spooled state;
        long received;

        Recorded(boolean multipart) throws IOException {
            state = UploadSpool.Spooled.fresh(id, key, multipart ? spool().begin(id, key) : null);
        }

        void part(int number, long offset, byte[] bytes) throws IOException {
            UploadSpool.Piece p = spool().writePart(state, number, offset, new ByteArrayInputStream(bytes));
            assertThat(p.size()).isEqualTo(bytes.length);
            Map<Integer, UploadSpool.Piece> pieces = new HashMap<>(state.pieces());
            pieces.put(number, p);
            state = new UploadSpool.Spooled(id, key, state.handle(), pieces);
        }

        UploadSpool.Appended append(InputStream in, boolean keepPartial) throws IOException {
            UploadSpool.Appended a = spool().append(state, received, in, keepPartial);
            UploadSpool.Piece oldTail = state.tail();
            state = a.after();
            received += a.bytes();
            if (oldTail != null && !oldTail.equals(state.tail())) spool().forget(state, oldTail);
            return a;
        }

        byte[] promoted(long length) throws IOException {
            spool().promote(state, length);
            return read(store().read(key, 0, -1));
        }
    }

    @Test
    void partsInAnyOrderAndSentTwicePromoteToOneBlob() throws IOException {
        int part = 5 * 1024 * 1024;
        byte[] data = random(2 * part + 100_000, 11);
        Recorded u = new Recorded(true);
        u.part(3, 2L * part, Arrays.copyOfRange(data, 2 * part, data.length));
        u.part(2, part, new byte[part]); // wrong bytes first, then sent again
        u.part(1, 0, Arrays.copyOfRange(data, 0, part));
        u.part(2, part, Arrays.copyOfRange(data, part, 2 * part));
        assertThat(u.promoted(data.length)).isEqualTo(data);
        // a retry after a crash between the promotion and the catalog write is harmless
        spool().promote(u.state, data.length);
        assertThat(read(store().read(u.key, 0, -1))).isEqualTo(data);
    }

    @Test
    void appendsOfAnySizeContinueWhereTheLastEnded() throws IOException {
        long g = spool().granule();
        byte[] data = random((int) (2 * Math.max(g, 1_000_000) + 333_333), 13);
        Recorded u = new Recorded(false);
        int[] cuts = java.util.stream.IntStream.of(0, 1000, 200_000, (int) Math.min(data.length - 1, g + 7),
                (int) Math.min(data.length - 1, 2 * g), data.length).distinct().sorted().toArray();
        for (int i = 1; i < cuts.length; i++) {
            UploadSpool.Appended a = u.append(new ByteArrayInputStream(data, cuts[i - 1], cuts[i] - cuts[i - 1]), true);
            assertThat(a.interrupted()).isFalse();
            assertThat(u.received).isEqualTo(cuts[i]);
        }
        assertThat(u.promoted(data.length)).isEqualTo(data);
    }

    @Test
    void aBrokenAppendKeepsWhatArrivedOnlyWhenAsked() throws IOException {
        Recorded u = new Recorded(false);
        UploadSpool.Appended a = u.append(breaksAfter(1000), true);
        assertThat(a.bytes()).isEqualTo(1000);
        assertThat(a.interrupted()).isTrue();
        Recorded v = new Recorded(false);
        assertThatThrownBy(() -> v.append(breaksAfter(0), false)).isInstanceOf(IOException.class);
        byte[] expected = new byte[1000];
        for (int i = 0; i < 1000; i++) expected[i] = (byte) i;
        assertThat(u.promoted(1000)).isEqualTo(expected);
        spool().discard(v.state);
        spool().discard(UploadSpool.Spooled.fresh(UUID.randomUUID().toString(), "originals/zz/none", null));
    }

    @Test
    void aSealedUploadReadsBackAndADiscardedOneLeavesNothing() throws IOException {
        long g = spool().granule();
        byte[] data = random((int) (g + 4321), 23);
        Recorded u = new Recorded(false);
        u.append(new ByteArrayInputStream(data), false);
        u.state = spool().seal(u.state, data.length);
        assertThat(read(spool().readSpooled(u.state, 0, data.length))).isEqualTo(data);
        assertThat(read(spool().readSpooled(u.state, g, 10))).isEqualTo(Arrays.copyOfRange(data, (int) g, (int) g + 10));
        spool().discard(u.state);
        assertThatThrownBy(() -> read(spool().readSpooled(u.state, 0, data.length))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anEmptyUploadPromotesToAnEmptyBlob() throws IOException {
        Recorded u = new Recorded(false);
        assertThat(u.promoted(0)).isEmpty();
    }

    static InputStream breaksAfter(int bytes) {
        return new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent == bytes) throw new IOException("connection reset");
                return sent++ & 0xff;
            }
        };
    }
}
