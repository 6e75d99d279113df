package dev.stride.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One layer of an architecture spec, written as a JSON object whose {@code "type"} says which.
 * Fields a Keras user may leave out default as in Keras (stride 1, 'valid' padding, no activation,
 * a bias); required ones stay null here so that {@link ShapeInference} can name what is missing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = LayerSpec.Conv.class, name = LayerSpec.CONV),
  @JsonSubTypes.Type(value = LayerSpec.MaxPool.class, name = LayerSpec.MAX_POOL),
  @JsonSubTypes.Type(value = LayerSpec.AvgPool.class, name = LayerSpec.AVG_POOL),
  @JsonSubTypes.Type(value = LayerSpec.BatchNorm.class, name = LayerSpec.BATCH_NORM),
  @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = LayerSpec.DROPOUT),
  @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = LayerSpec.FLATTEN),
  @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = LayerSpec.DENSE),
  @JsonSubTypes.Type(value = LayerSpec.GlobalAvgPool.class, name = LayerSpec.GLOBAL_AVG_POOL),
  @JsonSubTypes.Type(value = LayerSpec.Activation.class, name = LayerSpec.ACTIVATION),
  @JsonSubTypes.Type(value = LayerSpec.Residual.class, name = LayerSpec.RESIDUAL)
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface LayerSpec {

  String CONV = "conv";
  String MAX_POOL = "maxpool";
  String AVG_POOL = "avgpool";
  String BATCH_NORM = "batchnorm";
  String DROPOUT = "dropout";
  String FLATTEN = "flatten";
  String DENSE = "dense";
  String GLOBAL_AVG_POOL = "globalavgpool";
  String ACTIVATION = "activation";
  String RESIDUAL = "residual";

  /** Every type a spec may name, in the order the documentation lists them. */
  List<String> TYPES =
      List.of(
          CONV,
          MAX_POOL,
          AVG_POOL,
          BATCH_NORM,
          DROPOUT,
          FLATTEN,
          DENSE,
          GLOBAL_AVG_POOL,
          ACTIVATION,
          RESIDUAL);

  /** The spec's name for this layer type, as in {@code "type"}. */
  String type();

  /** The Keras layer class this layer is, which also names it in summaries ("conv2d_1"). */
  String kerasClass();

  /** Keras' Conv2D: {@code filters} kernels of kernel×kernel×input channels. */
  record Conv(
      Width filters,
      Integer kernel,
      Integer stride,
      Padding padding,
      ActivationFunction activation,
      Boolean bias)
      implements LayerSpec {
    public Conv {
      stride = stride == null ? Integer.valueOf(1) : stride;
      padding = padding == null ? Padding.VALID : padding;
      bias = bias == null ? Boolean.TRUE : bias;
    }

    @Override
    public String type() {
      return CONV;
    }

    @Override
    public String kerasClass() {
      return "Conv2D";
    }
  }

  /** What max and average pooling share: a size×size window moved by {@code stride}. */
  interface Pooling {
    Integer size();

    Integer stride();

    Padding padding();
  }

  /** Keras' MaxPooling2D; the stride defaults to the window size, as in Keras. */
  record MaxPool(Integer size, Integer stride, Padding padding) implements LayerSpec, Pooling {
    public MaxPool {
      stride = stride == null ? size : stride;
      padding = padding == null ? Padding.VALID : padding;
    }

    @Override
    public String type() {
      return MAX_POOL;
    }

    @Override
    public String kerasClass() {
      return "MaxPooling2D";
    }
  }

  /** Keras' AveragePooling2D; 'same' padding averages over the real pixels only, as Keras does. */
  record AvgPool(Integer size, Integer stride, Padding padding) implements LayerSpec, Pooling {
    public AvgPool {
      stride = stride == null ? size : stride;
      padding = padding == null ? Padding.VALID : padding;
    }

    @Override
    public String type() {
      return AVG_POOL;
    }

    @Override
    public String kerasClass() {
      return "AveragePooling2D";
    }
  }

  /**
   * Keras' BatchNormalization over the channels: a learned scale and shift (trainable) and a moving
   * mean and variance (not trainable) per channel. Momentum and epsilon are DJL's (0.9, 1e-5).
   */
  record BatchNorm() implements LayerSpec {
    @Override
    public String type() {
      return BATCH_NORM;
    }

    @Override
    public String kerasClass() {
      return "BatchNormalization";
    }
  }

  /** Keras' Dropout: zeroes a {@code rate} fraction of its inputs while training. */
  record Dropout(Double rate) implements LayerSpec {
    @Override
    public String type() {
      return DROPOUT;
    }

    @Override
    public String kerasClass() {
      return "Dropout";
    }
  }

  /** Keras' Flatten: a volume becomes a vector. */
  record Flatten() implements LayerSpec {
    @Override
    public String type() {
      return FLATTEN;
    }

    @Override
    public String kerasClass() {
      return "Flatten";
    }
  }

  /** Keras' Dense, with a bias; the last one usually has {@code "units": "classes"}. */
  record Dense(Width units, ActivationFunction activation) implements LayerSpec {
    @Override
    public String type() {
      return DENSE;
    }

    @Override
    public String kerasClass() {
      return "Dense";
    }
  }

  /** Keras' GlobalAveragePooling2D: each channel's mean, a volume becomes a vector. */
  record GlobalAvgPool() implements LayerSpec {
    @Override
    public String type() {
      return GLOBAL_AVG_POOL;
    }

    @Override
    public String kerasClass() {
      return "GlobalAveragePooling2D";
    }
  }

  /** Keras' Activation layer: a non-linearity on its own, e.g. after batch norm. */
  record Activation(ActivationFunction activation) implements LayerSpec {
    @Override
    public String type() {
      return ACTIVATION;
    }

    @Override
    public String kerasClass() {
      return "Activation";
    }
  }

  /**
   * He et al.'s basic residual block: 3×3 conv (stride {@code stride}) → BN → ReLU → 3×3 conv → BN,
   * added to a shortcut, then ReLU. The shortcut is the input itself, or a 1×1 convolution with the
   * same stride when the stride or the width changes (He et al.'s option B). Convolutions keep
   * their bias, as Keras' CIFAR ResNet example does.
   */
  record Residual(Integer filters, Integer stride) implements LayerSpec {
    public Residual {
      stride = stride == null ? Integer.valueOf(1) : stride;
    }

    /** Whether the shortcut needs a 1×1 projection for an input of {@code inputChannels}. */
    public boolean projects(int inputChannels) {
      return stride != 1 || inputChannels != filters;
    }

    @Override
    public String type() {
      return RESIDUAL;
    }

    @Override
    public String kerasClass() {
      return "ResidualBlock";
    }
  }
}
