package dev.stride.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.auth.ApiKeys.Refusal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private static final Map<String, Set<String>> ROLES =
      Map.of("read", Set.of(), "predict", Set.of("read"));

  private final ApiKeys keys =
      ApiKeys.parse(
          "svc.api-keys",
          List.of("plain-key:predict", "sha256:" + ApiKeys.sha256("hashed-key") + ":read"),
          ROLES);

  @Test
  void aKeyHasItsRolesAndWhatTheyInclude() {
    assertThat(keys.roles("plain-key")).contains(Set.of("predict", "read"));
    assertThat(keys.roles("hashed-key")).contains(Set.of("read"));
    assertThat(keys.roles("other-key")).isEmpty();
    assertThat(keys.roles("sha256:" + ApiKeys.sha256("hashed-key"))).isEmpty();
  }

  @Test
  void aDigestIsTheLowerCaseHexSha256() {
    assertThat(ApiKeys.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ApiKeys upper =
        ApiKeys.parse("p", List.of("sha256:" + ApiKeys.sha256("k").toUpperCase() + ":read"), ROLES);
    assertThat(upper.roles("k")).contains(Set.of("read"));
  }

  @Test
  void checkAnswers401WithoutAKnownKeyAnd403WithoutTheRole() {
    assertThat(keys.check(null, null, "read"))
        .contains(
            new Refusal(
                401,
                "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
                "Bearer"));
    assertThat(keys.check("Bearer  ", null, "read")).map(Refusal::status).contains(401);
    assertThat(keys.check("Basic cGxhaW4ta2V5", null, "read")).map(Refusal::status).contains(401);
    assertThat(keys.check("Bearer nope", null, "read"))
        .contains(
            new Refusal(401, "the API key is not recognised", "Bearer error=\"invalid_token\""));
    assertThat(keys.check(null, "hashed-key", "predict"))
        .contains(new Refusal(403, "this API key lacks the 'predict' role", null));
    assertThat(keys.check("bearer plain-key", null, "predict")).isEmpty();
    assertThat(keys.check(null, " hashed-key ", "read")).isEmpty();
  }

  @Test
  void aWrongEntryIsRefusedNamingTheProperty() {
    assertThatThrownBy(() -> ApiKeys.parse("svc.api-keys", List.of("no-role"), ROLES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("svc.api-keys entries are key:role[+role]; one is not");
    assertThatThrownBy(() -> ApiKeys.parse("svc.api-keys", List.of("k:"), ROLES))
        .hasMessage("svc.api-keys entries are key:role[+role]; one is not");
    assertThatThrownBy(() -> ApiKeys.parse("svc.api-keys", List.of("k:read+admin"), ROLES))
        .hasMessage("svc.api-keys: unknown role 'admin'; use predict or read");
    assertThat(ApiKeys.parse("svc.api-keys", List.of(), ROLES).isEmpty()).isTrue();
  }
}
