package io.satchel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class CappedInputStreamTest {
    private static InputStream capped(int size, long cap) {
        return new CappedInputStream(new ByteArrayInputStream(new byte[size]), cap, () -> new IllegalStateException("too long"));
    }

    @Test
    void upToTheCapPassesThrough() throws IOException {
        assertThat(capped(100, 100).readAllBytes()).hasSize(100);
    }

    @Test
    void onePastTheCapThrowsWhetherReadInBulkByteByByteOrSkipped() {
        assertThatThrownBy(() -> capped(101, 100).readAllBytes()).hasMessage("too long");
        assertThatThrownBy(() -> {
            try (InputStream in = capped(101, 100)) {
                while (in.read() >= 0) { /* drain */ }
            }
        }).hasMessage("too long");
        assertThatThrownBy(() -> capped(101, 100).skip(101)).as("skipping does not get past the cap").hasMessage("too long");
    }
}
