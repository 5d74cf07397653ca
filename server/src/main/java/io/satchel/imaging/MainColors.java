package io.satchel.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The dominant colours of an image ({@code -/main_colors/N/}): k-means over the pixels of a small
 * sample, seeded from the file's uuid so the same file always gives the same answer, most common first.
 * Fully transparent pixels are left out.
 */
final class MainColors {
    private static final int ROUNDS = 20;

    private MainColors() {}

    static List<int[]> of(byte[] samplePng, int count, long seed) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(samplePng));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<int[]> pixels = new ArrayList<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int argb = img.getRGB(x, y);
                if ((argb >>> 24) == 0) continue;
                pixels.add(new int[] {(argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff});
            }
        }
        if (pixels.isEmpty()) return List.of();
        int k = Math.min(count, pixels.size());
        Random random = new Random(seed);
        double[][] centres = seeds(pixels, k, random);
        int[] assignment = new int[pixels.size()];
        for (int round = 0; round < ROUNDS; round++) {
            boolean moved = false;
            for (int i = 0; i < pixels.size(); i++) {
                int nearest = nearest(centres, pixels.get(i));
                if (nearest != assignment[i] || round == 0) moved = true;
                assignment[i] = nearest;
            }
            double[][] sums = new double[k][4];
            for (int i = 0; i < pixels.size(); i++) {
                int[] p = pixels.get(i);
                double[] s = sums[assignment[i]];
                s[0] += p[0];
                s[1] += p[1];
                s[2] += p[2];
                s[3]++;
            }
            for (int c = 0; c < k; c++) {
                if (sums[c][3] > 0) centres[c] = new double[] {sums[c][0] / sums[c][3], sums[c][1] / sums[c][3], sums[c][2] / sums[c][3]};
            }
            if (!moved) break;
        }
        int[] sizes = new int[k];
        for (int a : assignment) sizes[a]++;
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < k; c++) if (sizes[c] > 0) order.add(c);
        order.sort(Comparator.comparingInt((Integer c) -> -sizes[c]));
        List<int[]> colours = new ArrayList<>();
        for (int c : order) {
            colours.add(new int[] {(int) Math.round(centres[c][0]), (int) Math.round(centres[c][1]), (int) Math.round(centres[c][2])});
        }
        return colours;
    }

    /** k-means++ seeding: each next centre far from the ones chosen. */
    private static double[][] seeds(List<int[]> pixels, int k, Random random) {
        double[][] centres = new double[k][];
        int[] first = pixels.get(random.nextInt(pixels.size()));
        centres[0] = new double[] {first[0], first[1], first[2]};
        double[] distance = new double[pixels.size()];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < pixels.size(); i++) {
                double best = Double.MAX_VALUE;
                for (int j = 0; j < c; j++) best = Math.min(best, squared(centres[j], pixels.get(i)));
                distance[i] = best;
                total += best;
            }
            double pick = random.nextDouble() * total;
            int chosen = 0;
            for (int i = 0; i < pixels.size(); i++) {
                pick -= distance[i];
                if (pick <= 0) {
                    chosen = i;
                    break;
                }
            }
            int[] p = pixels.get(chosen);
            centres[c] = new double[] {p[0], p[1], p[2]};
        }
        return centres;
    }

    private static int nearest(double[][] centres, int[] p) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int c = 0; c < centres.length; c++) {
            double d = squared(centres[c], p);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    private static double squared(double[] c, int[] p) {
        double r = c[0] - p[0];
        double g = c[1] - p[1];
        double b = c[2] - p[2];
        return r * r + g * g + b * b;
    }
}
