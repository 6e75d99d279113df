package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.cifar.CifarBinary;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pieces the training loop is made of, each on its own. */
class LoopPartsTest {

  @Test
  void packsBatchesAsCifarRecordsTheSameWheneverAsked() {
    ImageSet images = SyntheticCifar.generate(10, 4);
    try (BatchSource source = new BatchSource(images, 4, false, Augmentation.none(), 1)) {
      BatchSource.Packed second = source.prepare(1, 1).join();
      BatchSource.Packed last = source.prepare(1, 2).join();

      assertThat(source.batches()).isEqualTo(3);
      assertThat(second.n()).isEqualTo(4);
      assertThat(last.n()).isEqualTo(2);
      byte[] record = new byte[CifarBinary.RECORD_BYTES];
      second.records().get(record);
      // unshuffled: batch 1 starts with image 4, its label byte first
      assertThat(record[0]).isEqualTo(images.labels()[4]);
      assertThat(java.util.Arrays.copyOfRange(record, 1, record.length)).isEqualTo(images.image(4));
    }
    try (BatchSource a = new BatchSource(images, 4, true, new Augmentation(true, true), 9);
        BatchSource b = new BatchSource(images, 4, true, new Augmentation(true, true), 9)) {
      assertThat(bytes(a.prepare(3, 0).join())).isEqualTo(bytes(b.prepare(3, 0).join()));
      assertThat(bytes(a.prepare(3, 0).join())).isNotEqualTo(bytes(a.prepare(4, 0).join()));
    }
  }

  @Test
  void flipsAndCropsWithBlackPadding() {
    byte[] image = new byte[ImageSet.IMAGE_BYTES];
    image[0] = 100; // red (0, 0)
    byte[] flipped = image.clone();
    Random alwaysFlip =
        new Random(0) {
          @Override
          public boolean nextBoolean() {
            return true;
          }
        };
    new Augmentation(false, true).apply(flipped, 0, alwaysFlip, new byte[ImageSet.IMAGE_BYTES]);
    assertThat(flipped[31]).isEqualTo((byte) 100);
    assertThat(flipped[0]).isZero();

    byte[] shifted = image.clone();
    Random right =
        new Random(0) {
          @Override
          public int nextInt(int bound) {
            return bound - 1; // dx = dy = +4: the crop window moves right and down
          }
        };
    new Augmentation(true, false).apply(shifted, 0, right, new byte[ImageSet.IMAGE_BYTES]);
    // output (x, y) shows source (x + 4, y + 4): source (0, 0) is no longer in view
    assertThat(shifted[0]).isZero();
    byte[] back = image.clone();
    Random left =
        new Random(0) {
          @Override
          public int nextInt(int bound) {
            return 0; // dx = dy = -4
          }
        };
    new Augmentation(true, false).apply(back, 0, left, new byte[ImageSet.IMAGE_BYTES]);
    assertThat(back[4 * 32 + 4]).isEqualTo((byte) 100);
    assertThat(back[0]).isZero();
  }

  @Test
  void schedulesTheLearningRateByEpoch() {
    LearningRateSchedule step = LearningRateSchedule.step(2, 0.1);
    LearningRateSchedule cosine = LearningRateSchedule.cosine(0.0);

    assertThat(step.rate(0.01, 1.5, 10)).isCloseTo(0.01, within(1e-12));
    assertThat(step.rate(0.01, 2.0, 10)).isCloseTo(0.001, within(1e-12));
    assertThat(cosine.rate(0.01, 5, 10)).isCloseTo(0.005, within(1e-12));
    assertThat(cosine.rate(0.01, 10, 10)).isCloseTo(0.0, within(1e-12));
    // a resumed trainer counts from 0 again; the schedule adds the updates made before
    assertThat(step.tracker(0.01, 10, 100, 200).getNewValue(0)).isEqualTo(0.001f);
  }

  @Test
  void stopsEarlyWhenValidationLossStopsImproving() {
    EarlyStopping patience2 = new EarlyStopping(2, 0.01);

    assertThat(patience2.shouldStop(epochs(1.0, 0.9, 0.95))).isFalse();
    assertThat(patience2.shouldStop(epochs(1.0, 0.9, 0.95, 0.895))).isTrue();
    assertThat(patience2.shouldStop(epochs(1.0, 0.9, 0.95, 0.88))).isFalse();
  }

  @Test
  void normalisesOnTheDevice() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray pixels =
          manager.create(
              ByteBuffer.wrap(new byte[] {0, (byte) 255, 51}),
              new Shape(1, 3, 1, 1),
              DataType.UINT8);

      float[] scaled = Normalization.scale().apply(pixels).toFloatArray();
      float[] standard =
          Normalization.standardize(List.of(0.0, 0.5, 0.2), List.of(1.0, 0.5, 0.1))
              .apply(pixels)
              .toFloatArray();
      float[] raw = Normalization.none().apply(pixels).toFloatArray();

      assertThat(scaled).containsExactly(0f, 1f, 0.2f);
      assertThat(standard[1]).isCloseTo(1f, within(1e-6f));
      assertThat(standard[2]).isCloseTo(0f, within(1e-5f));
      assertThat(raw).containsExactly(0f, 255f, 51f);
    }
  }

  private static byte[] bytes(BatchSource.Packed packed) {
    byte[] out = new byte[packed.records().remaining()];
    packed.records().duplicate().get(out);
    return out;
  }

  private static List<EpochStats> epochs(double... valLosses) {
    List<EpochStats> history = new java.util.ArrayList<>();
    for (int i = 0; i < valLosses.length; i++) {
      history.add(new EpochStats(i + 1, 10, 1, 0.5, valLosses[i], 0.5, 1, 100));
    }
    return history;
  }
}
