package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.nn.spec.ArchitectureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Runs side by side in one JVM: each records its own gradients (DJL's collector allows one per
 * JVM), and a run trained beside another ends with exactly the parameters it has alone.
 */
class ConcurrentTrainingTest {

  // no dropout: the engine's random generator is shared, so only a dropout-free run is
  // reproducible to the bit while another trains beside it
  private static final ArchitectureSpec SPEC =
      ArchitectureSpec.parse(
          """
          name: two-conv
          layers:
            - {type: conv, filters: 8, kernel: 3, padding: same, activation: relu}
            - {type: maxpool, size: 2}
            - {type: conv, filters: 16, kernel: 3, padding: same, activation: relu}
            - {type: maxpool, size: 4}
            - {type: flatten}
            - {type: dense, units: classes}
          """);
  private static final ImageSet TRAIN = SyntheticCifar.generate(512, 1);
  private static final ImageSet VALIDATION = SyntheticCifar.generate(128, 2);

  @Test
  void twoRunsTrainAtOnceAndEachEndsAsItWouldAlone() throws Exception {
    List<EpochStats> aloneA = train(11, null).history();
    List<EpochStats> aloneB = train(22, null).history();

    // both wait at the barrier after their first batch, so their epochs overlap for certain
    CyclicBarrier together = new CyclicBarrier(2);
    CompletableFuture<TrainingResult> a = CompletableFuture.supplyAsync(() -> train(11, together));
    CompletableFuture<TrainingResult> b = CompletableFuture.supplyAsync(() -> train(22, together));

    assertThat(losses(a.get().history())).isEqualTo(losses(aloneA));
    assertThat(losses(b.get().history())).isEqualTo(losses(aloneB));
    assertThat(losses(aloneA)).isNotEqualTo(losses(aloneB));
  }

  @Test
  void theDirectStepUpdatesEveryWeightAsDjlsTrainerStepDoes() {
    List<float[]> viaTrainer = steps(false);
    List<float[]> direct = steps(true);

    assertThat(direct).hasSameSizeAs(viaTrainer);
    for (int i = 0; i < direct.size(); i++) {
      assertThat(direct.get(i)).containsExactly(viaTrainer.get(i));
    }
  }

  private static TrainingResult train(long seed, CyclicBarrier together) {
    return TrainingLoop.run(
        TrainingJob.builder()
            .setBlock(Architectures.build(SPEC, 10))
            .setTrainSet(TRAIN)
            .setValidationSet(VALIDATION)
            .optEpochs(2)
            .optBatchSize(32)
            .optSeed(seed)
            .optObserver(
                new TrainingObserver() {
                  int batches;

                  @Override
                  public boolean stopRequested() {
                    if (together != null && ++batches == 2) {
                      try {
                        together.await();
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }
                    return false;
                  }
                })
            .build());
  }

  private static List<Double> losses(List<EpochStats> history) {
    List<Double> losses = new ArrayList<>();
    for (EpochStats e : history) {
      losses.add(e.loss());
      losses.add(e.valLoss());
    }
    return losses;
  }

  /** Every weight after three Adam steps on one batch, stepped by DJL or directly. */
  private static List<float[]> steps(boolean direct) {
    try (Model model = Model.newInstance("step")) {
      model.setBlock(Architectures.build(SPEC, 10));
      Optimizer adam =
          Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).optEpsilon(1e-7f).build();
      try (Trainer trainer =
          model.newTrainer(
              new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam))) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(5);
        trainer.initialize(new Shape(1, 3, 32, 32));
        ParameterUpdate update = new ParameterUpdate(trainer, adam);
        NDManager manager = trainer.getManager();
        NDArray x = manager.randomUniform(0, 1, new Shape(16, 3, 32, 32));
        NDArray y = manager.arange(16).mod(10);
        for (int step = 0; step < 3; step++) {
          try (GradientCollector gradients = ThreadGradients.open(trainer)) {
            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
            gradients.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(logits)));
          }
          if (direct) {
            update.step();
          } else {
            trainer.step();
          }
        }
        List<float[]> weights = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
          weights.add(p.getValue().getArray().toFloatArray());
          // the gradient is left at zero for the next step either way
          assertThat(p.getValue().getArray().getGradient().abs().sum().getFloat()).isZero();
        }
        return weights;
      }
    }
  }
}
