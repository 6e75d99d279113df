package dev.stride.data.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.DatasetFormatException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CifarBinaryTest {

  @Test
  void roundTripsRecordsOfAnyCount() throws Exception {
    ImageSet images = SyntheticCifar.generate(7, 1);

    byte[] bytes = CifarBinary.toBytes(images);
    ImageSet read = CifarBinary.read(new ByteArrayInputStream(bytes), "seven.bin", 10);

    assertThat(bytes).hasSize(7 * 3073);
    assertThat(read.labels()).isEqualTo(images.labels());
    assertThat(read.pixels()).isEqualTo(images.pixels());
  }

  @Test
  void putsTheLabelFirstThenRedGreenBluePlanes() throws Exception {
    byte[] record = new byte[3073];
    record[0] = 3;
    record[1] = 10; // red (0,0)
    record[1 + 1024] = 20; // green (0,0)
    record[1 + 2048 + 33] = 30; // blue (row 1, column 1)

    ImageSet read = CifarBinary.read(new ByteArrayInputStream(record), "one.bin", 10);

    assertThat(read.label(0)).isEqualTo(3);
    byte[] chw = read.image(0);
    assertThat(chw[0]).isEqualTo((byte) 10);
    assertThat(chw[1024]).isEqualTo((byte) 20);
    assertThat(chw[2048 + 32 + 1]).isEqualTo((byte) 30);
  }

  @Test
  void readsAnEmptyFileAsNoImages() throws Exception {
    assertThat(CifarBinary.read(new ByteArrayInputStream(new byte[0]), "empty.bin", 10).size())
        .isZero();
  }

  @Test
  void namesTheOffsetOfATruncatedRecord() {
    byte[] bytes =
        Arrays.copyOf(CifarBinary.toBytes(SyntheticCifar.generate(3, 1)), 2 * 3073 + 100);

    assertThatThrownBy(() -> CifarBinary.read(new ByteArrayInputStream(bytes), "cut.bin", 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            "cut.bin at byte 6146: truncated record: 100 of 3073 bytes (1 label + 3072 pixels)")
        .satisfies(
            e -> {
              assertThat(((DatasetFormatException) e).file()).isEqualTo("cut.bin");
              assertThat(((DatasetFormatException) e).offset()).isEqualTo(6146);
            });
  }

  @Test
  void namesTheOffsetOfALabelOutOfRange() {
    byte[] bytes = CifarBinary.toBytes(SyntheticCifar.generate(3, 1));
    bytes[3073] = 10;

    assertThatThrownBy(() -> CifarBinary.read(new ByteArrayInputStream(bytes), "bad.bin", 10))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("bad.bin at byte 3073: label 10 is out of range for 10 classes");
  }
}
