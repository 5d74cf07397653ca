package io.satchel.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.errors.Failure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The streaming multipart parser against generated bodies (seeded, so a failure replays) and broken ones. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultipartReaderTest {
    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    record Sent(String name, String filename, byte[] bytes) {}

    @Test
    void randomBodiesRoundTripThroughRandomShortReads() throws IOException {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            String boundary = seed % 3 == 0 ? "b" + seed : BOUNDARY + seed;
            List<Sent> sent = randomParts(random, boundary);
            byte[] body = encode(boundary, sent, randomText(random, random.nextInt(3) * 40), randomText(random, random.nextInt(3) * 40));
            List<Sent> got = readAll(new ChoppyStream(body, random, 1 + random.nextInt(seed % 2 == 0 ? 7 : 70_000)),
                    boundary, random);
            assertThat(got).as("seed %d", seed).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertThat(got.get(i).name()).as("seed %d part %d", seed, i).isEqualTo(sent.get(i).name());
                assertThat(got.get(i).filename()).as("seed %d part %d", seed, i).isEqualTo(sent.get(i).filename());
                assertThat(got.get(i).bytes()).as("seed %d part %d", seed, i).isEqualTo(sent.get(i).bytes());
            }
        }
    }

    @Test
    void partsThatStraddleTheBufferEdgeAreExact() throws IOException {
        int buffer = 128 * 1024;
        for (int delta = -45; delta <= 45; delta += 3) {
            byte[] big = new byte[buffer + delta];
            new Random(delta).nextBytes(big);
            // The part ends exactly where a boundary-like run sits across the edge.
            byte[] tail = ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1)).getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(tail, 0, big, big.length - tail.length, tail.length);
            List<Sent> sent = List.of(new Sent("f", "x.bin", big), new Sent("k", null, "v".getBytes(StandardCharsets.UTF_8)));
            List<Sent> got = readAll(new ByteArrayInputStream(encode(BOUNDARY, sent, "", "")), BOUNDARY, new Random(0));
            assertThat(got.get(0).bytes()).as("delta %d", delta).isEqualTo(big);
            assertThat(got.get(1).bytes()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void skippingUnreadPartsStillFindsTheNextOne() throws IOException {
        byte[] body = encode(BOUNDARY, List.of(new Sent("a", "a.bin", new byte[300_000]), new Sent("b", null, "two".getBytes())), "", "");
        MultipartReader r = new MultipartReader(new ChoppyStream(body, new Random(3), 999), BOUNDARY);
        assertThat(r.next().name()).isEqualTo("a");
        MultipartReader.Part b = r.next();
        assertThat(b.name()).isEqualTo("b");
        assertThat(b.body().readAllBytes()).isEqualTo("two".getBytes());
        assertThat(r.next()).isNull();
        assertThat(r.next()).isNull();
    }

    @Test
    void dispositionParameters() throws IOException {
        assertThat(single("form-data; name=\"file\"; filename=\"say \\\"hi\\\".txt\"").filename()).isEqualTo("say \"hi\".txt");
        assertThat(single("form-data; name=\"file\"; filename*=UTF-8''%D0%A1%D0%B5%D0%B2%20a+b.pdf").filename())
                .isEqualTo("Сев a+b.pdf");
        assertThat(single("form-data; name=\"file\"; filename=\"plain.pdf\"; filename*=UTF-8''%C3%A9.pdf").filename())
                .isEqualTo("é.pdf");
        assertThat(single("form-data; name=\"a;b\"; filename=\"c;d.txt\"").name()).isEqualTo("a;b");
        assertThat(single("form-data; name=field").filename()).isNull();
        assertThat(single("form-data; filename=\"x.txt\"; name=\"late\"").name()).isEqualTo("late");
        assertThat(single("FORM-DATA; NAME=\"upper\"").name()).isEqualTo("upper");
        // Browsers (and old IE's full paths) do not escape backslashes; only \" and \\ are escapes.
        assertThat(single("form-data; name=\"f\"; filename=\"C:\\fakepath\\photo.png\"").filename())
                .isEqualTo("C:\\fakepath\\photo.png");
        assertThat(single("form-data; name=\"f\"; filename=\"a\\\\b.png\"").filename()).isEqualTo("a\\b.png");
    }

    @Test
    void preambleEpilogueAndTransportPadding() throws IOException {
        String body = "This is a preamble.\r\n--" + BOUNDARY + "  \t\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--"
                + BOUNDARY + "--\r\nepilogue --" + BOUNDARY + "\r\ngarbage";
        List<Sent> got = readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY, new Random(1));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).name()).isEqualTo("k");
        assertThat(got.get(0).bytes()).isEqualTo("v".getBytes());
    }

    @Test
    void quotedBoundaryInContentType() {
        assertThat(MultipartReader.boundaryOf("multipart/form-data; charset=utf-8; boundary=\"a b:c\"")).isEqualTo("a b:c");
        assertThat(MultipartReader.boundaryOf("Multipart/Form-Data;BOUNDARY=xyz")).isEqualTo("xyz");
        assertThat(MultipartReader.boundaryOf("multipart/form-data")).isNull();
        assertThat(MultipartReader.boundaryOf("application/x-www-form-urlencoded")).isNull();
        assertThat(MultipartReader.boundaryOf(null)).isNull();
    }

    @Test
    void malformedBodiesFailWith400() {
        String part = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\ndata";
        assertMalformed(part + "\r\n--" + BOUNDARY + "\r\n"); // no closing boundary: a part with no headers' end
        assertMalformed(part); // truncated inside a part
        assertMalformed(part + "\r\n--" + BOUNDARY); // ends inside the boundary
        assertMalformed(part.substring(0, 40)); // ends inside part headers
        assertMalformed("no boundary anywhere in here");
        assertMalformed("");
        assertMalformed("--" + BOUNDARY + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + BOUNDARY + "--"); // no name
        assertMalformed("--" + BOUNDARY + "\r\nnot a header\r\n\r\nx\r\n--" + BOUNDARY + "--");
        assertMalformed("--" + BOUNDARY + "garbage\r\n\r\nx\r\n--" + BOUNDARY + "--");
        assertMalformed("--" + BOUNDARY + "\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\nx\r\n--" + BOUNDARY + "--");
        assertMalformed("--" + BOUNDARY + "\r\n" + "X-Many: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(1000) + "\r\nx\r\n--" + BOUNDARY + "--");
        assertThatThrownBy(() -> new MultipartReader(InputStream.nullInputStream(), null)).isInstanceOf(Failure.class)
                .extracting(e -> ((Failure) e).status()).isEqualTo(400);
        assertThatThrownBy(() -> new MultipartReader(InputStream.nullInputStream(), "")).isInstanceOf(Failure.class);
        assertThatThrownBy(() -> new MultipartReader(InputStream.nullInputStream(), "x".repeat(201))).isInstanceOf(Failure.class);
    }

    @Test
    void endlessHeaderLineFailsWithoutReadingEverything() {
        // 1 GiB of header bytes, no line end: must fail after a bounded read, not hang or fill memory.
        InputStream endless = new InputStream() {
            long served;
            final byte[] start = ("--" + BOUNDARY + "\r\nX: ").getBytes(StandardCharsets.ISO_8859_1);

            @Override
            public int read() {
                if (served >= 1L << 30) return -1;
                return served < start.length ? start[(int) served++] : (int) (served++ % 26) + 'a';
            }
        };
        assertThatThrownBy(() -> readAll(endless, BOUNDARY, new Random(0))).isInstanceOf(Failure.class)
                .extracting(e -> ((Failure) e).status()).isEqualTo(400);
    }

    @Test
    void endlessPreambleFailsAtTheEnd() {
        byte[] noise = new byte[3_000_000];
        new Random(9).nextBytes(noise);
        assertMalformed(noise);
    }

    private static MultipartReader.Part single(String disposition) throws IOException {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n";
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);
        MultipartReader.Part p = r.next();
        assertThat(p.body().readAllBytes()).isEqualTo("x".getBytes());
        assertThat(r.next()).isNull();
        return p;
    }

    private static void assertMalformed(String body) {
        assertMalformed(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMalformed(byte[] body) {
        assertThatThrownBy(() -> readAll(new ChoppyStream(body, new Random(body.length), 5), BOUNDARY, new Random(2)))
                .as(new String(body, 0, Math.min(body.length, 80), StandardCharsets.ISO_8859_1))
                .isInstanceOf(Failure.class)
                .extracting(e -> ((Failure) e).status()).isEqualTo(400);
    }

    /** Reads every part, each with reads of random sizes (sometimes one byte at a time). */
    private static List<Sent> readAll(InputStream in, String boundary, Random random) throws IOException {
        MultipartReader reader = new MultipartReader(in, boundary);
        List<Sent> out = new ArrayList<>();
        for (MultipartReader.Part p; (p = reader.next()) != null; ) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buf = new byte[1 + random.nextInt(9000)];
            boolean singles = random.nextInt(8) == 0;
            while (true) {
                if (singles) {
                    int b = p.body().read();
                    if (b < 0) break;
                    bytes.write(b);
                } else {
                    int n = p.body().read(buf, 0, 1 + random.nextInt(buf.length));
                    if (n < 0) break;
                    bytes.write(buf, 0, n);
                }
            }
            assertThat(p.body().read()).isEqualTo(-1);
            out.add(new Sent(p.name(), p.filename(), bytes.toByteArray()));
        }
        return out;
    }

    private static List<Sent> randomParts(Random random, String boundary) {
        List<Sent> parts = new ArrayList<>();
        int count = random.nextInt(7);
        for (int i = 0; i < count; i++) {
            boolean file = random.nextBoolean();
            int size = switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> random.nextInt(10);
                case 2 -> random.nextInt(2_000);
                case 3 -> 128 * 1024 - 60 + random.nextInt(120);
                default -> random.nextInt(400_000);
            };
            parts.add(new Sent("field_" + i + (random.nextBoolean() ? "[]" : ""), file ? "file " + i + ".bin" : null,
                    trickyBytes(random, size, boundary)));
        }
        return parts;
    }

    /** Random bytes salted with CRLFs, dashes and near-misses of the boundary, never the boundary itself. */
    private static byte[] trickyBytes(Random random, int size, String boundary) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        byte[][] lures = {
            "\r\n--".getBytes(StandardCharsets.ISO_8859_1),
            ("\r\n--" + boundary.substring(0, boundary.length() - 1)).getBytes(StandardCharsets.ISO_8859_1),
            ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1),
            ("\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1),
            ("\r\n-" + boundary).getBytes(StandardCharsets.ISO_8859_1),
            "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
        };
        for (int i = 0; size > 0 && i < 1 + size / 500; i++) {
            byte[] lure = lures[random.nextInt(lures.length)];
            int at = random.nextInt(size);
            System.arraycopy(lure, 0, b, at, Math.min(lure.length, size - at));
        }
        byte[] real = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        for (int i = indexOf(b, real); i >= 0; i = indexOf(b, real)) b[i + real.length - 1] ^= 1;
        return b;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static String randomText(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) sb.append((char) ('a' + random.nextInt(26)));
        return sb.toString();
    }

    static byte[] encode(String boundary, List<Sent> parts, String preamble, String epilogue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.isEmpty() ? new byte[0] : (preamble + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (Sent p : parts) {
            String disposition = "form-data; name=\"" + p.name() + "\"" + (p.filename() == null ? "" : "; filename=\"" + p.filename() + "\"");
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n"
                    + (p.filename() == null ? "" : "Content-Type: application/octet-stream\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.bytes());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--" + (epilogue.isEmpty() ? "" : "\r\n" + epilogue)).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Hands out at most {@code max} bytes per read, a random number each time. */
    static final class ChoppyStream extends InputStream {
        private final byte[] data;
        private final Random random;
        private final int max;
        private int pos;

        ChoppyStream(byte[] data, Random random, int max) {
            this.data = data;
            this.random = random;
            this.max = max;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (pos >= data.length) return -1;
            int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(max));
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
