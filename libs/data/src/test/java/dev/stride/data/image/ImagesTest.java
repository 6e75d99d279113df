package dev.stride.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.data.SyntheticCifar;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

public class ImagesTest {

  @Test
  void aPngOfACifarImageDecodesToTheSameBytes() throws Exception {
    byte[] chw = SyntheticCifar.generate(1, 5).image(0);

    byte[] decoded = Images.decodeToChw(Images.toPng(chw, 1), 1_000_000);

    assertThat(decoded).isEqualTo(chw);
  }

  @Test
  void resizesLargerPicturesTo32By32() throws Exception {
    BufferedImage big = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 320; x++) {
        big.setRGB(x, y, 0x2040F0);
      }
    }

    byte[] chw = Images.decodeToChw(Images.png(big), 1_000_000);

    assertThat(chw).hasSize(3072);
    assertThat(Byte.toUnsignedInt(chw[500])).isEqualTo(0x20);
    assertThat(Byte.toUnsignedInt(chw[1024 + 500])).isEqualTo(0x40);
    assertThat(Byte.toUnsignedInt(chw[2048 + 500])).isEqualTo(0xF0);
  }

  @Test
  void refusesBytesThatAreNotAPicture() {
    assertThatThrownBy(() -> Images.decodeToChw("hello, world".getBytes(), 1_000_000))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage("not a PNG, JPEG, GIF or BMP picture");
  }

  @Test
  void refusesAHugeCanvasFromItsHeaderBeforeDecoding() throws Exception {
    byte[] bomb = pngHeaderOnly(50_000, 50_000);

    assertThatThrownBy(() -> Images.decodeToChw(bomb, 4096L * 4096))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessage("picture of 50000×50000 exceeds the limit of 16777216 pixels");
  }

  @Test
  void weighsAPictureFromItsHeaderAlone() throws Exception {
    // the header of a 50,000×40,000 canvas whose pixel data is 16 bytes: nothing is decoded
    byte[] canvas = pngHeaderOnly(50_000, 40_000);

    assertThat(Images.declaredPixels(canvas, Long.MAX_VALUE)).isEqualTo(2_000_000_000L);
    assertThatThrownBy(() -> Images.declaredPixels(canvas, 4096L * 4096))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessage("picture of 50000×40000 exceeds the limit of 16777216 pixels");
    assertThatThrownBy(() -> Images.declaredPixels("hello, world".getBytes(), 1))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage("not a PNG, JPEG, GIF or BMP picture");
  }

  /** A valid PNG signature and IHDR declaring width×height, then a tiny IDAT and IEND. */
  public static byte[] pngHeaderOnly(int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
    ihdr.putInt(width)
        .putInt(height)
        .put((byte) 8)
        .put((byte) 2)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater())) {
      z.write(new byte[16]);
    }
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws Exception {
    java.nio.ByteBuffer length = java.nio.ByteBuffer.allocate(4).putInt(data.length);
    out.write(length.array());
    byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(typeBytes);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
