package dev.stride.data.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A corpus of damaged pictures for tests of every decoding entry point, the same on every run
 * (fixed seed): PNG, JPEG, GIF and BMP pictures truncated at many offsets, with bytes flipped, and
 * with another format's (or no) magic number.
 */
public final class BadPictures {

  /** One damaged picture; {@code name} says how it was made, e.g. {@code png truncated at 33}. */
  public record BadPicture(String name, byte[] bytes, boolean beyondRepair) {}

  public static final List<String> FORMATS = List.of("png", "jpeg", "gif", "bmp");

  private static final byte[][] MAGICS = {
    {(byte) 0x89, 'P', 'N', 'G'},
    {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
    {'G', 'I', 'F', '8'},
    {'B', 'M', 0, 0},
    {0, 0, 0, 0}
  };

  private BadPictures() {}

  /** A good 40×30 picture in {@code format}. */
  public static byte[] good(String format, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /**
   * The corpus. Pictures marked {@code beyondRepair} (cut inside the header, or with a wrong magic
   * number) cannot be read by any reader; the others may still read (a flipped pixel byte, a JPEG
   * cut in its scan data), so a decoder may answer them or refuse them, but only as bad input.
   */
  public static List<BadPicture> corpus(long seed) {
    Random random = new Random(seed);
    List<BadPicture> corpus = new ArrayList<>();
    for (String format : FORMATS) {
      byte[] good = good(format, seed);
      // truncated: inside the header byte by byte, then at 32 offsets through the rest
      for (int at = 0; at < 16; at++) {
        corpus.add(new BadPicture(format + " truncated at " + at, Arrays.copyOf(good, at), true));
      }
      for (int i = 0; i < 32; i++) {
        int at = 16 + (int) ((long) (good.length - 17) * i / 32);
        corpus.add(new BadPicture(format + " truncated at " + at, Arrays.copyOf(good, at), false));
      }
      // bytes flipped: 1 to 16 random bytes, anywhere
      for (int i = 0; i < 32; i++) {
        byte[] mutant = good.clone();
        int flips = 1 + random.nextInt(16);
        for (int f = 0; f < flips; f++) {
          mutant[random.nextInt(mutant.length)] ^= (byte) (1 + random.nextInt(255));
        }
        corpus.add(
            new BadPicture(format + " with " + flips + " bytes flipped #" + i, mutant, false));
      }
      // wrong magic: another format's first four bytes, or zeros
      for (byte[] magic : MAGICS) {
        if (Arrays.equals(magic, 0, 2, good, 0, 2)) {
          continue;
        }
        byte[] mutant = good.clone();
        System.arraycopy(magic, 0, mutant, 0, magic.length);
        corpus.add(
            new BadPicture(
                format + " with magic " + Arrays.toString(Arrays.copyOf(magic, 2)), mutant, true));
      }
    }
    return corpus;
  }
}
