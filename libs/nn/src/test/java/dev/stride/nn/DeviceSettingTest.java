package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceSettingTest {

  @ParameterizedTest
  @CsvSource({
    "cpu, cpu()",
    "CPU, cpu()",
    "' cpu ', cpu()",
    "cpu(), cpu()",
    "gpu, gpu(0)",
    "gpu0, gpu(0)",
    "gpu3, gpu(3)",
    "gpu(0), gpu(0)",
    "gpu(2), gpu(2)",
    "GPU(1), gpu(1)",
    "cuda, gpu(0)",
    "cuda:0, gpu(0)",
    "cuda:1, gpu(1)"
  })
  void everyAcceptedFormNamesDjlsDevice(String value, String device) {
    assertThat(DeviceSetting.parse("trainer.device", value)).hasToString(device);
  }

  @Test
  void autoNamesNoDeviceUntilTheEngineIsAsked() {
    assertThat(DeviceSetting.parse("trainer.device", "auto")).isNull();
    assertThat(DeviceSetting.parse("trainer.device", " AUTO ")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"tpu0", "", "gpu(0", "gpu:1", "cuda1", "gpu-1", "cpu0", "gpu0+gpu1", "mps"})
  void anythingElseIsRefusedWithTheValueAndTheAcceptedForms(String value) {
    assertThatThrownBy(() -> DeviceSetting.of("evaluator.device", value))
        .isInstanceOf(DeviceSetting.InvalidDeviceException.class)
        .hasMessage(
            "evaluator.device=\""
                + value
                + "\" is not a device; use auto, cpu, gpu, gpuN, gpu(N), cuda or cuda:N");
  }

  @Test
  void anUnsetValueIsRefusedToo() {
    assertThatThrownBy(() -> DeviceSetting.of("predictor.device", null))
        .hasMessage(
            "predictor.device=\"null\" is not a device; use auto, cpu, gpu, gpuN, gpu(N), cuda or"
                + " cuda:N");
  }

  // the tests run on DJL's CPU libtorch: no GPU to see

  @Test
  void autoIsTheCpuWithoutAGpu() {
    DeviceSetting auto = DeviceSetting.of("trainer.device", "auto");
    assertThat(auto.device()).isEqualTo(Device.cpu());
    assertThat(auto.devices(4)).containsExactly(Device.cpu());
    assertThat(auto).hasToString("trainer.device=auto (cpu())");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu", "cpu()"})
  void theCpuIsAlwaysThere(String value) {
    DeviceSetting cpu = DeviceSetting.of("predictor.device", value);
    assertThat(cpu.device()).isEqualTo(Device.cpu());
    assertThat(cpu.devices(2)).containsExactly(Device.cpu());
  }

  @ParameterizedTest
  @CsvSource({
    "gpu, gpu0",
    "gpu0, gpu0",
    "gpu(0), gpu0",
    "cuda, gpu0",
    "cuda:0, gpu0",
    "gpu(1), gpu1"
  })
  void aGpuTheEngineDoesNotSeeIsRefusedLikeAnUnknownForm(String value, String named) {
    Engine engine = Engine.getInstance();
    assertThatThrownBy(() -> DeviceSetting.of("trainer.device", value))
        .isInstanceOf(DeviceSetting.InvalidDeviceException.class)
        .hasMessage(
            "trainer.device=\""
                + value
                + "\" names "
                + named
                + ", but the engine (PyTorch "
                + engine.getVersion()
                + ") sees no GPU; use auto, cpu, gpu, gpuN, gpu(N), cuda or cuda:N");
  }

  @Test
  void theCpuEngineCountsNoGpu() {
    assertThat(DeviceSetting.gpuCount(Engine.getInstance())).isZero();
  }
}
