package io.satchel.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The running SHA-256 must equal the file's, or give up; never a wrong digest. */
class RunningDigestsTest {
    private final RunningDigests digests = new RunningDigests();
    private final byte[] data = new byte[3000];

    RunningDigestsTest() {
        new Random(3).nextBytes(data);
    }

    private String sha(int length) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(data, length)));
    }

    /** Writes data[from, to) through the piece's wrapper, as the spool would read it. */
    private void write(String id, int from, int to) throws IOException {
        RunningDigests.Piece p = digests.begin(id, from);
        try (InputStream in = p.wrap(new ByteArrayInputStream(data, from, to - from))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        digests.written(id, p, to - from);
    }

    @Test
    void inOrderPiecesThatCountMakeTheDigest() throws Exception {
        write("a", 0, 1000);
        digests.commit("a", 0, 1000);
        write("a", 1000, 1500);             // a chunk whose checksum failed: written, never committed
        write("a", 1000, 3000);
        digests.commit("a", 1000, 3000);
        assertThat(digests.finish("a", 3000)).isEqualTo(sha(3000));
        assertThat(digests.finish("a", 3000)).as("forgotten after finishing").isNull();
    }

    @Test
    void piecesAheadAreHashedWhenTheGapFills() throws Exception {
        write("b", 2000, 3000);
        digests.commit("b", 2000, 3000);     // ahead of the digest: not counted yet
        write("b", 0, 1000);
        digests.commit("b", 0, 1000);
        write("b", 1000, 2000);
        digests.commit("b", 1000, 2000);
        assertThat(digests.covered("b")).isEqualTo(2000);
        digests.extend("b", 2000, 1000, new ByteArrayInputStream(data, 2000, 1000));
        assertThat(digests.finish("b", 3000)).isEqualTo(sha(3000));
    }

    @Test
    void rewritingCoveredBytesGivesUpRatherThanLie() throws Exception {
        write("c", 0, 1000);
        digests.commit("c", 0, 1000);
        write("c", 0, 1000);                 // the same part sent again
        digests.commit("c", 0, 1000);
        assertThat(digests.finish("c", 1000)).isNull();

        write("d", 0, 1000);
        digests.commit("d", 0, 1000);
        digests.failed("d", 500);            // a write into covered bytes broke off midway
        write("d", 1000, 2000);
        digests.commit("d", 1000, 2000);
        assertThat(digests.finish("d", 2000)).isNull();
    }

    @Test
    void aShortLengthOrAMismatchedCommitIsNotTrusted() throws Exception {
        write("e", 0, 1000);
        digests.commit("e", 0, 999);
        assertThat(digests.finish("e", 999)).isNull();
        write("f", 0, 1000);
        digests.commit("f", 0, 1000);
        assertThat(digests.finish("f", 2000)).as("covers less than the file").isNull();
    }
}
