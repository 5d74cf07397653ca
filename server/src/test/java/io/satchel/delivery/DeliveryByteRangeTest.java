package io.satchel.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.delivery.ByteRange.Slice;
import io.satchel.delivery.ByteRange.Unsatisfiable;
import io.satchel.delivery.ByteRange.Whole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryByteRangeTest {

    @Test
    void theThreeFormsOfOneRange() {
        assertThat(ByteRange.parse("bytes=0-9", 100)).isEqualTo(new Slice(0, 9));
        assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new Slice(90, 99));
        assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new Slice(90, 99));
        assertThat(ByteRange.parse("bytes=5-5", 100)).isEqualTo(new Slice(5, 5));
    }

    @Test
    void lastPositionsBeyondTheEndAreClamped() {
        assertThat(ByteRange.parse("bytes=10-1000", 100)).isEqualTo(new Slice(10, 99));
        assertThat(ByteRange.parse("bytes=0-99999999999999999999999999", 100)).isEqualTo(new Slice(0, 99));
        assertThat(ByteRange.parse("bytes=-1000", 100)).isEqualTo(new Slice(0, 99));
        assertThat(ByteRange.parse("bytes=-99999999999999999999999999", 100)).isEqualTo(new Slice(0, 99));
    }

    @Test
    void unitAndSpacingAreLenient() {
        assertThat(ByteRange.parse("Bytes=1-2", 100)).isEqualTo(new Slice(1, 2));
        assertThat(ByteRange.parse("  bytes = 1 - 2 ", 100)).isEqualTo(new Slice(1, 2));
    }

    @Test
    void rangesStartingAtOrPastTheEndAreUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=100-", 100)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=100-200", 100)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=99999999999999999999999-", 100)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-0", 100)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(Unsatisfiable.class);
        assertThat(((Unsatisfiable) ByteRange.parse("bytes=100-", 100)).contentRange(100)).isEqualTo("bytes */100");
    }

    @Test
    void aSuffixOfAnEmptyFileIsTheWholeEmptyFile() {
        assertThat(ByteRange.parse("bytes=-5", 0)).isInstanceOf(Whole.class);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=-", "bytes=5-2", "bytes=a-b", "bytes=1-x", "bytes=--5",
        "bytes=+1-2", "bytes=0x10-20", "bytes=1.5-2", "items=0-9", "0-9", "bytes=0-9,20-29", "bytes=0-9, -1",
        "bytes=0-1,", "bytes=-1-2", "bytes=１-２"})
    void malformedForeignOrMultipleRangesSelectTheWhole(String header) {
        assertThat(ByteRange.parse(header, 100)).isInstanceOf(Whole.class);
    }

    @Test
    void aSliceDescribesItself() {
        Slice s = (Slice) ByteRange.parse("bytes=10-19", 100);
        assertThat(s.length()).isEqualTo(10);
        assertThat(s.contentRange(100)).isEqualTo("bytes 10-19/100");
    }
}
