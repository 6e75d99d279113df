package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.SpecVersion.VersionFlag;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** docker-compose.yml and .env: the compose-spec schema, and agreement with the services. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFileTest {

  private ComposeFile compose;
  private ComposeChecks checks;
  private Map<String, ServiceConfig> configs;

  @BeforeAll
  void read() {
    compose = ComposeFile.read();
    checks = new ComposeChecks(compose);
    configs = Design.serviceConfigs();
  }

  @Test
  void matchesTheComposeSpecSchema() {
    JsonSchemas schema =
        JsonSchemas.compile(
            Yamls.parse(Yamls.resource("/schemas/compose-spec/compose.schema.json")),
            VersionFlag.V7);

    assertThat(schema.validate(compose.model())).isEmpty();
  }

  @Test
  void takesEveryVariableFromDotEnv() {
    assertThat(compose.problems()).isEmpty();
  }

  @Test
  void runsEveryService() {
    assertThat(new TreeSet<>(checks.strideServices().values()))
        .containsExactlyElementsOf(configs.keySet());
  }

  @Test
  void givesEachServiceWhatItReadsOnThePortItListensOn() {
    assertThat(checks.services(configs)).isEmpty();
  }

  @Test
  void startsServicesOnceKafkaAndMinioAreReady() {
    assertThat(checks.startOrder()).isEmpty();
  }

  @Test
  void createsTopicsJavasTopicsAndTheirDeadLetterTopics() {
    assertThat(TopicChecks.check("compose", checks.topics(), Design.partitions())).isEmpty();
  }

  @Test
  void servicesUseTheBucketAndCredentialsOfMinio() {
    assertThat(checks.objectStore(configs)).isEmpty();
  }

  @Test
  void servicesBootstrapFromTheKafkaListener() {
    assertThat(checks.kafka(configs)).isEmpty();
  }

  @Test
  void givesEveryServiceMoreTimeToStopThanItsDrainOfRequests() {
    assertThat(checks.shutdownGrace(configs)).isEmpty();
  }

  @Test
  void runsACpuTrainerOrAGpuTrainerThatMayCheckpointOnStop() {
    assertThat(checks.trainers(configs.get("trainer"))).isEmpty();
  }
}
