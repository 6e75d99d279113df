package dev.stride.data.cifar;

import static dev.stride.data.archive.SafeArchiveTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.ArchiveLimits;
import dev.stride.data.archive.DatasetFormatException.Problem;
import dev.stride.data.archive.TestArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar100BinaryLayoutTest {

  private static final String FOLDER = "cifar-100-binary/";
  private static final List<String> FINE = names("fine-", 100);
  private static final List<String> COARSE = names("coarse-", 20);
  private static final ArchiveLimits LIMITS = ArchiveLimits.defaults();

  @TempDir Path dir;

  @Test
  void readsFineLabelsAsClassesAndCoarseLabelsBesideThem() throws Exception {
    ImageSet train = SyntheticCifar.generate(6, 1);
    ImageSet test = SyntheticCifar.generate(3, 2);
    byte[] trainCoarse = {0, 19, 5, 5, 7, 1};
    byte[] testCoarse = {3, 2, 1};
    byte[] trainFine = {99, 0, 42, 43, 7, 1};

    DatasetArchive.Contents contents =
        DatasetArchive.read(
            archive(records(trainCoarse, trainFine, train), records(testCoarse, null, test))
                .tarGz(dir),
            LIMITS);

    assertThat(contents.format()).isEqualTo("cifar100-binary");
    assertThat(contents.classNames()).isEqualTo(FINE);
    assertThat(contents.train().labels()).isEqualTo(trainFine);
    assertThat(contents.train().pixels()).isEqualTo(train.pixels());
    assertThat(contents.test().labels()).isEqualTo(test.labels());
    assertThat(contents.test().pixels()).isEqualTo(test.pixels());
    assertThat(contents.coarse().classNames()).isEqualTo(COARSE);
    assertThat(contents.coarse().train()).isEqualTo(trainCoarse);
    assertThat(contents.coarse().test()).isEqualTo(testCoarse);
  }

  @Test
  void namesTheOffsetOfACoarseLabelBeyondTheSuperclasses() throws Exception {
    ImageSet images = SyntheticCifar.generate(2, 1);
    byte[] train = records(new byte[] {0, 20}, null, images);

    assertRefused(
            () -> DatasetArchive.read(archive(train, train).zip(dir), LIMITS), Problem.MALFORMED)
        .hasMessage(
            "cifar-100-binary/train.bin at byte 3074: coarse label 20 is out of range for 20"
                + " classes");
  }

  @Test
  void namesATruncatedRecord() throws Exception {
    byte[] whole = records(new byte[] {1, 2}, null, SyntheticCifar.generate(2, 1));
    byte[] cut = Arrays.copyOf(whole, 3074 + 10);

    assertRefused(
            () -> DatasetArchive.read(archive(whole, cut).tar(dir), LIMITS), Problem.MALFORMED)
        .hasMessage(
            "cifar-100-binary/test.bin at byte 3074: truncated record: 10 of 3074 bytes (coarse"
                + " label + fine label + 3072 pixels)");
  }

  @Test
  void needsBothNameFiles() throws Exception {
    byte[] records = records(new byte[] {1}, null, SyntheticCifar.generate(1, 1));
    TestArchive archive =
        new TestArchive()
            .file(FOLDER + "train.bin", records)
            .file(FOLDER + "test.bin", records)
            .file(FOLDER + "fine_label_names.txt", String.join("\n", FINE));

    assertRefused(() -> DatasetArchive.read(archive.tarGz(dir), LIMITS), Problem.MALFORMED)
        .hasMessage("cifar-100-binary/coarse_label_names.txt: missing from the archive");
  }

  private static TestArchive archive(byte[] train, byte[] test) {
    return new TestArchive()
        .folder(FOLDER)
        .file(FOLDER + "coarse_label_names.txt", String.join("\n", COARSE) + "\n")
        .file(FOLDER + "train.bin", train)
        .file(FOLDER + "fine_label_names.txt", String.join("\n", FINE) + "\n")
        .file(FOLDER + "test.bin", test);
  }

  /** CIFAR-100 records: coarse label, fine label (the images' own when {@code fine} is null). */
  private static byte[] records(byte[] coarse, byte[] fine, ImageSet images) {
    byte[] out = new byte[images.size() * 3074];
    for (int i = 0; i < images.size(); i++) {
      out[i * 3074] = coarse[i];
      out[i * 3074 + 1] = fine != null ? fine[i] : images.labels()[i];
      System.arraycopy(images.image(i), 0, out, i * 3074 + 2, 3072);
    }
    return out;
  }

  private static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + i);
    }
    return names;
  }
}
