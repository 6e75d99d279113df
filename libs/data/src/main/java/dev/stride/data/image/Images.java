package dev.stride.data.image;

import dev.stride.data.ImageSet;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Conversion between encoded pictures (PNG, JPEG, GIF, BMP) and 3×32×32 CHW bytes. */
public final class Images {

  private static final java.util.Set<String> ACCEPTED_FORMATS =
      java.util.Set.of("png", "jpeg", "jpg", "gif", "bmp");

  private Images() {}

  /**
   * Decodes a picture and resizes it to 32×32, as the model expects.
   *
   * @param maxPixels refuse pictures whose header declares more pixels than this, before decoding
   *     them (a small file can declare a huge canvas)
   * @throws ImageTooLargeException if the header declares more than {@code maxPixels}
   * @throws ImageFormatException if the bytes are not a picture ImageIO can read
   */
  public static byte[] decodeToChw(byte[] encoded, long maxPixels) throws ImageFormatException {
    return read(
        encoded,
        reader -> {
          declaredPixels(reader, maxPixels);
          BufferedImage image = reader.read(0);
          return toChw(resize(image, ImageSet.WIDTH, ImageSet.HEIGHT));
        });
  }

  /**
   * Width × height as the picture's header declares them; no pixel is decoded, so a request's
   * pictures can be weighed together before any of them costs decoding time.
   *
   * @throws ImageTooLargeException if the header declares more than {@code maxPixels}
   * @throws ImageFormatException if the bytes are not a picture ImageIO can read
   */
  public static long declaredPixels(byte[] encoded, long maxPixels) throws ImageFormatException {
    return read(encoded, reader -> declaredPixels(reader, maxPixels));
  }

  private static long declaredPixels(ImageReader reader, long maxPixels)
      throws IOException, ImageTooLargeException {
    long width = reader.getWidth(0);
    long height = reader.getHeight(0);
    if (width * height > maxPixels) {
      throw new ImageTooLargeException(
          "picture of " + width + "×" + height + " exceeds the limit of " + maxPixels + " pixels");
    }
    return width * height;
  }

  /** What to do with a reader positioned on an accepted picture's first image. */
  private interface ReaderAction<T> {
    T apply(ImageReader reader) throws IOException, ImageFormatException;
  }

  private static <T> T read(byte[] encoded, ReaderAction<T> action) throws ImageFormatException {
    // in memory: ImageIO's default file cache costs a temporary file per picture and registers a
    // JVM shutdown hook for it, which throws while the JVM shuts down (a service draining on
    // SIGTERM)
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageFormatException("not a PNG, JPEG, GIF or BMP picture");
      }
      ImageReader reader = readers.next();
      try {
        String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
        if (!ACCEPTED_FORMATS.contains(format)) {
          throw new ImageFormatException(
              "not a PNG, JPEG, GIF or BMP picture (it reads as " + format + ")");
        }
        reader.setInput(in, true, true);
        return action.apply(reader);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO readers signal corrupt data with both checked and unchecked exceptions
      throw new ImageFormatException("unreadable picture: " + e.getMessage());
    }
  }

  /** One CHW image as a PNG, each pixel drawn as a {@code scale}×{@code scale} square. */
  public static byte[] toPng(byte[] chw, int scale) {
    BufferedImage image = fromChw(chw);
    if (scale != 1) {
      image = resize(image, ImageSet.WIDTH * scale, ImageSet.HEIGHT * scale, false);
    }
    return png(image);
  }

  /** Encodes any picture as PNG, in memory (no file cache: see {@link #decodeToChw}). */
  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      ImageIO.write(image, "png", stream);
    } catch (IOException e) {
      throw new IllegalStateException("PNG encoding to memory failed", e);
    }
    return out.toByteArray();
  }

  /** CHW bytes as an RGB picture. */
  public static BufferedImage fromChw(byte[] chw) {
    BufferedImage image =
        new BufferedImage(ImageSet.WIDTH, ImageSet.HEIGHT, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < ImageSet.HEIGHT; y++) {
      for (int x = 0; x < ImageSet.WIDTH; x++) {
        int p = y * ImageSet.WIDTH + x;
        int r = Byte.toUnsignedInt(chw[p]);
        int g = Byte.toUnsignedInt(chw[ImageSet.PLANE + p]);
        int b = Byte.toUnsignedInt(chw[2 * ImageSet.PLANE + p]);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  private static byte[] toChw(BufferedImage image) {
    byte[] chw = new byte[ImageSet.IMAGE_BYTES];
    for (int y = 0; y < ImageSet.HEIGHT; y++) {
      for (int x = 0; x < ImageSet.WIDTH; x++) {
        int rgb = image.getRGB(x, y);
        int p = y * ImageSet.WIDTH + x;
        chw[p] = (byte) (rgb >> 16);
        chw[ImageSet.PLANE + p] = (byte) (rgb >> 8);
        chw[2 * ImageSet.PLANE + p] = (byte) rgb;
      }
    }
    return chw;
  }

  private static BufferedImage resize(BufferedImage image, int width, int height) {
    return resize(image, width, height, true);
  }

  private static BufferedImage resize(BufferedImage image, int width, int height, boolean smooth) {
    if (image.getWidth() == width
        && image.getHeight() == height
        && image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION,
          smooth
              ? RenderingHints.VALUE_INTERPOLATION_BILINEAR
              : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
