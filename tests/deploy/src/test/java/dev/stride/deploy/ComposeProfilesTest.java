package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bundled Kafka and MinIO are optional: profiles kafka and minio. Left out, with the settings
 * of deploy/docker/external-kafka.env or external-s3.env, the services reach an existing Kafka
 * (TLS, SASL/SCRAM) or any S3, and nothing of the bundled one runs.
 */
class ComposeProfilesTest {

  private static final Set<String> KAFKA_IMAGES = Set.of("apache/kafka");
  private static final Set<String> MINIO_IMAGES = Set.of("minio/minio", "minio/mc");

  private static ComposeFile withEnvFiles(String... envFiles) {
    StringBuilder env = new StringBuilder(Checkout.read(".env"));
    for (String file : envFiles) {
      env.append('\n').append(Checkout.read(file));
    }
    return ComposeFile.parse(Checkout.read("docker-compose.yml"), env.toString());
  }

  private static Set<String> without(Set<String> profiles, String left) {
    Set<String> rest = new LinkedHashSet<>(profiles);
    rest.remove(left);
    return rest;
  }

  @Test
  void theLocalDefaultRunsTheBundledKafkaAndMinioInPlaintext() {
    ComposeFile compose = ComposeFile.read();
    ComposeProfiles profiles = new ComposeProfiles(compose, ComposeProfiles.fromDotEnv(compose));

    assertThat(ComposeProfiles.fromDotEnv(compose)).contains("kafka", "minio");
    assertThat(profiles.services()).contains("kafka", "kafka-init", "minio", "minio-init");
    assertThat(profiles.missingDependencies()).isEmpty();
    assertThat(profiles.strideServicesGiven(Map.of("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")))
        .isEmpty();
  }

  @Test
  void everyTrainerProfileStartsWithAndWithoutTheBundledInfrastructure() {
    ComposeFile compose = ComposeFile.read();
    for (String trainer : List.of("cpu", "gpu")) {
      for (Set<String> profiles :
          List.of(
              Set.of(trainer, "kafka", "minio"),
              Set.of(trainer, "kafka"),
              Set.of(trainer, "minio"),
              Set.of(trainer))) {
        assertThat(new ComposeProfiles(compose, profiles).missingDependencies())
            .as(profiles.toString())
            .isEmpty();
      }
    }
  }

  @Test
  void externalS3RunsNoMinioAndGivesTheServicesItsSettings() {
    ComposeFile compose = withEnvFiles("deploy/docker/external-s3.env");
    Map<String, String> s3 =
        ComposeFile.parseDotEnv(Checkout.read("deploy/docker/external-s3.env"));
    ComposeProfiles profiles =
        new ComposeProfiles(compose, without(ComposeProfiles.fromDotEnv(compose), "minio"));

    assertThat(compose.problems()).isEmpty();
    assertThat(s3.keySet())
        .containsExactlyInAnyOrder(
            "STRIDE_STORE_ENDPOINT",
            "STRIDE_STORE_BUCKET",
            "STRIDE_STORE_ACCESS_KEY",
            "STRIDE_STORE_SECRET_KEY");
    assertThat(profiles.running(MINIO_IMAGES)).isEmpty();
    assertThat(profiles.running(KAFKA_IMAGES)).isNotEmpty();
    assertThat(profiles.missingDependencies()).isEmpty();
    assertThat(profiles.strideServicesGiven(s3)).isEmpty();
  }

  @Test
  void externalKafkaRunsNoKafkaAndGivesTheServicesSaslOverTls() {
    ComposeFile compose = withEnvFiles("deploy/docker/external-kafka.env");
    Map<String, String> kafka =
        ComposeFile.parseDotEnv(Checkout.read("deploy/docker/external-kafka.env"));
    ComposeProfiles profiles =
        new ComposeProfiles(compose, without(ComposeProfiles.fromDotEnv(compose), "kafka"));

    assertThat(compose.problems()).isEmpty();
    assertThat(kafka)
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
        .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
        .containsKeys(
            "KAFKA_BOOTSTRAP_SERVERS",
            "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_TRUSTSTORE_TYPE",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD");
    assertThat(kafka.get("KAFKA_SSL_TRUSTSTORE_LOCATION")).startsWith("/etc/stride/kafka-ca/");
    assertThat(profiles.running(KAFKA_IMAGES)).isEmpty();
    assertThat(profiles.running(MINIO_IMAGES)).isNotEmpty();
    assertThat(profiles.missingDependencies()).isEmpty();
    assertThat(profiles.strideServicesGiven(kafka)).isEmpty();
    for (String service : new ComposeChecks(compose).strideServices().keySet()) {
      assertThat(compose.service(service).path("volumes").toString())
          .as(service + " mounts the Kafka truststore")
          .contains("\"target\":\"/etc/stride/kafka-ca\"");
    }
  }

  @Test
  void bothExternalRunNoInfrastructureAtAll() {
    ComposeFile compose =
        withEnvFiles("deploy/docker/external-s3.env", "deploy/docker/external-kafka.env");
    ComposeProfiles profiles =
        new ComposeProfiles(
            compose, without(without(ComposeProfiles.fromDotEnv(compose), "kafka"), "minio"));

    assertThat(profiles.services())
        .allSatisfy(name -> assertThat(compose.service(name).has("build")).as(name).isTrue());
    assertThat(profiles.missingDependencies()).isEmpty();
  }

  // ---- the checks can fail ----------------------------------------------------------------------

  @Test
  void aRequiredDependencyOnAServiceLeftOutIsCaught() {
    ComposeFile compose =
        ComposeFile.parse(
            """
            services:
              minio: {image: quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z, profiles: [minio]}
              demo:
                build: {context: ., dockerfile: services/demo/src/main/docker/Dockerfile}
                depends_on: {minio: {condition: service_healthy}}
            """,
            "");

    assertThat(new ComposeProfiles(compose, Set.of()).missingDependencies())
        .containsExactly(
            "compose [] demo: depends on minio, which does not run (required: false?)");
    assertThat(new ComposeProfiles(compose, Set.of("minio")).missingDependencies()).isEmpty();
  }

  @Test
  void aServiceNotGivenTheExternalSettingIsCaught() {
    ComposeFile compose =
        ComposeFile.parse(
            """
            services:
              demo:
                build: {context: ., dockerfile: services/demo/src/main/docker/Dockerfile}
                environment: {STRIDE_STORE_ENDPOINT: "http://minio:9000"}
            """,
            "");

    assertThat(
            new ComposeProfiles(compose, Set.of())
                .strideServicesGiven(Map.of("STRIDE_STORE_ENDPOINT", "https://s3.example")))
        .singleElement()
        .asString()
        .contains("STRIDE_STORE_ENDPOINT is 'http://minio:9000'");
  }
}
