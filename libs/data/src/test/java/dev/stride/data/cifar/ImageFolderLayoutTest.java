package dev.stride.data.cifar;

import static dev.stride.data.archive.SafeArchiveTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.ArchiveLimits;
import dev.stride.data.archive.DatasetFormatException.Problem;
import dev.stride.data.archive.TestArchive;
import dev.stride.data.image.Images;
import dev.stride.data.image.ImagesTest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLayoutTest {

  private static final ArchiveLimits LIMITS = ArchiveLimits.defaults();
  private static final ImageSet IMAGES = SyntheticCifar.generate(6, 3);

  @TempDir Path dir;

  @Test
  void readsClassFoldersFromAZipSkippingFilesThatAreNoPictures() throws Exception {
    TestArchive archive =
        new TestArchive()
            .file("README", "my pets")
            .folder("dog/")
            .file("dog/1.png", png(0))
            .file("cat/.DS_Store", "finder")
            .file("cat/1.PNG", png(1))
            .file("cat/2.png", png(2))
            .file("__MACOSX/cat/._2.png", "resource fork");

    DatasetArchive.Contents contents = DatasetArchive.read(archive.zip(dir), LIMITS);

    assertThat(contents.format()).isEqualTo("image-folder");
    assertThat(contents.classNames()).containsExactly("cat", "dog");
    assertThat(contents.train().labels()).containsExactly(1, 0, 0);
    assertThat(contents.train().image(0)).isEqualTo(IMAGES.image(0));
    assertThat(contents.train().image(2)).isEqualTo(IMAGES.image(2));
    assertThat(contents.test()).isNull();
    assertThat(contents.coarse()).isNull();
  }

  @Test
  void toleratesOneWrappingFolderAndReadsJpegs() throws Exception {
    TestArchive archive =
        new TestArchive()
            .file("photos/dog/a.jpg", jpeg(0))
            .file("photos/cat/b.jpeg", jpeg(1))
            .file("photos/notes.txt", "taken in 2024");

    DatasetArchive.Contents contents = DatasetArchive.read(archive.tarGz(dir), LIMITS);

    assertThat(contents.classNames()).containsExactly("cat", "dog");
    assertThat(contents.train().labels()).containsExactly(1, 0);
    assertThat(contents.test()).isNull();
  }

  @Test
  void readsTrainAndTestSplitsWithTrainsClasses() throws Exception {
    TestArchive archive =
        new TestArchive()
            .file("pets/train/dog/1.png", png(0))
            .file("pets/train/cat/1.png", png(1))
            .file("pets/train/emu/1.png", png(2))
            .file("pets/test/emu/1.png", png(3))
            .file("pets/test/cat/1.png", png(4));

    DatasetArchive.Contents contents = DatasetArchive.read(archive.tar(dir), LIMITS);

    assertThat(contents.classNames()).containsExactly("cat", "dog", "emu");
    assertThat(contents.train().labels()).containsExactly(1, 0, 2);
    assertThat(contents.test().labels()).containsExactly(2, 0);
    assertThat(contents.test().image(1)).isEqualTo(IMAGES.image(4));
  }

  @Test
  void refusesATestClassWithoutTrainingPictures() throws Exception {
    TestArchive archive =
        new TestArchive()
            .file("train/dog/1.png", png(0))
            .file("train/cat/1.png", png(1))
            .file("test/bird/1.png", png(2));

    assertRefused(() -> DatasetArchive.read(archive.tarGz(dir), LIMITS), Problem.MALFORMED)
        .hasMessage("test classes without training pictures: bird");
  }

  @Test
  void namesAPictureThatDoesNotDecode() throws Exception {
    TestArchive archive =
        new TestArchive().file("dog/1.png", png(0)).file("cat/broken.png", "hello, I am text");

    assertRefused(() -> DatasetArchive.read(archive.zip(dir), LIMITS), Problem.MALFORMED)
        .hasMessage("cat/broken.png: not a PNG, JPEG, GIF or BMP picture");
  }

  /** A cap was hit, as for bytes and entries: TOO_LARGE, refused from the PNG header alone. */
  @Test
  void refusesAPictureDeclaringMorePixelsThanTheCap() throws Exception {
    TestArchive archive =
        new TestArchive()
            .file("dog/1.png", png(0))
            .file("cat/huge.png", ImagesTest.pngHeaderOnly(50_000, 50_000));

    assertRefused(() -> DatasetArchive.read(archive.tarGz(dir), LIMITS), Problem.TOO_LARGE)
        .hasMessage("cat/huge.png: picture of 50000×50000 exceeds the limit of 16777216 pixels");
  }

  @Test
  void refusesPicturesAtMixedDepths() throws Exception {
    TestArchive archive =
        new TestArchive().file("dog/1.png", png(0)).file("cat/tabby/1.png", png(1));

    assertRefused(() -> DatasetArchive.read(archive.zip(dir), LIMITS), Problem.UNSUPPORTED)
        .hasMessageStartingWith("cat/tabby/1.png: picture outside the image-folder layout");
  }

  @Test
  void needsTwoClasses() throws Exception {
    TestArchive archive = new TestArchive().file("dog/1.png", png(0)).file("dog/2.png", png(1));

    assertRefused(() -> DatasetArchive.read(archive.zip(dir), LIMITS), Problem.MALFORMED)
        .hasMessage("needs at least 2 class names, found 1");
  }

  private static byte[] png(int image) {
    return Images.toPng(IMAGES.image(image), 1);
  }

  private static byte[] jpeg(int image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(Images.fromChw(IMAGES.image(image)), "jpg", out);
    return out.toByteArray();
  }
}
