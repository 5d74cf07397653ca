package io.satchel.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Images made in code for server tests, including JPEGs with a hand-built EXIF block. */
public final class Images {
    private Images() {}

    /** Red top-left quarter, blue top-right quarter, green elsewhere; transparent bottom-left with alpha. */
    public static BufferedImage picture(int width, int height, boolean alpha) {
        BufferedImage img = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height / 2);
        if (alpha) {
            g.setComposite(java.awt.AlphaComposite.Clear);
            g.fillRect(0, height / 2, width / 2, height - height / 2);
        }
        g.dispose();
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png(int width, int height, boolean alpha) {
        return encode(picture(width, height, alpha), "png");
    }

    public static byte[] jpeg(int width, int height) {
        return encode(picture(width, height, false), "jpeg");
    }

    /**
     * A JPEG carrying EXIF: Orientation, DateTimeOriginal {@code 2018:08:20 08:59:50}, and GPS
     * 55°45'35.13" N, 37°37'0" W.
     */
    public static byte[] jpegWithExif(int width, int height, int orientation) {
        ByteBuffer t = ByteBuffer.allocate(190); // big-endian TIFF
        t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        // IFD0 at 8: Orientation, Exif IFD pointer, GPS IFD pointer
        t.putShort((short) 3);
        entry(t, 0x0112, 3, 1, orientation << 16);
        entry(t, 0x8769, 4, 1, 50);
        entry(t, 0x8825, 4, 1, 88);
        t.putInt(0);
        // Exif IFD at 50: DateTimeOriginal, ASCII[20] at 68
        t.putShort((short) 1);
        entry(t, 0x9003, 2, 20, 68);
        t.putInt(0);
        t.put("2018:08:20 08:59:50\0".getBytes(StandardCharsets.US_ASCII));
        // GPS IFD at 88
        t.putShort((short) 4);
        entry(t, 0x0001, 2, 2, 'N' << 24);
        entry(t, 0x0002, 5, 3, 142);
        entry(t, 0x0003, 2, 2, 'W' << 24);
        entry(t, 0x0004, 5, 3, 166);
        t.putInt(0);
        t.putInt(55).putInt(1).putInt(45).putInt(1).putInt(3513).putInt(100); // at 142
        t.putInt(37).putInt(1).putInt(37).putInt(1).putInt(0).putInt(1);      // at 166
        byte[] tiff = t.array();

        byte[] jpeg = jpeg(width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = 2 + 6 + tiff.length;
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void entry(ByteBuffer t, int tag, int type, int count, int value) {
        t.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }
}
