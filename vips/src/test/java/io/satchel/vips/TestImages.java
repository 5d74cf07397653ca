package io.satchel.vips;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Test images made in code: no binary fixtures in the repository. */
final class TestImages {
    private TestImages() {}

    /** A gradient with a red top-left corner and a blue top-right corner, so flips are visible. */
    static BufferedImage picture(int width, int height, boolean alpha) {
        BufferedImage img = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.GREEN, width, height, Color.YELLOW));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 4, height / 4);
        g.setColor(Color.BLUE);
        g.fillRect(width - width / 4, 0, width / 4, height / 4);
        if (alpha) {
            g.setComposite(java.awt.AlphaComposite.Clear);
            g.fillRect(0, height - height / 4, width / 4, height / 4);
        }
        g.dispose();
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] jpeg(int width, int height) {
        return encode(picture(width, height, false), "jpeg");
    }

    static byte[] png(int width, int height, boolean alpha) {
        return encode(picture(width, height, alpha), "png");
    }

    /** A JPEG with an EXIF APP1 segment carrying only the Orientation tag. */
    static byte[] jpegWithOrientation(int width, int height, int orientation) {
        byte[] jpeg = jpeg(width, height);
        byte[] tiff = {
            'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at offset 8
            0, 1,                        // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1, value
            0, 0, 0, 0                   // no next IFD
        };
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifHeader.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exifHeader);
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2); // the rest after SOI
        return out.toByteArray();
    }

    static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((data[i] & 0xff) != prefix[i]) return false;
        return true;
    }

    static boolean isWebp(byte[] d) {
        return startsWith(d, 'R', 'I', 'F', 'F') && d.length > 12 && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P';
    }
}
