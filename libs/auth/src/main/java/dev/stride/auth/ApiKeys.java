package dev.stride.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's API keys and the roles each grants, read from a list of {@code key:role[+role]}
 * entries (a key may be given as {@code sha256:<hex digest>}, so the secret need not hold the key
 * itself). A presented key is looked up by its SHA-256 digest, comparing every entry in constant
 * time, so timing tells nothing about the keys. Framework-free: each service maps a {@link Refusal}
 * to its HTTP answer.
 */
public final class ApiKeys {

  private static final String DIGEST_PREFIX = "sha256:";

  private final Map<String, Set<String>> rolesByDigest;

  private ApiKeys(Map<String, Set<String>> rolesByDigest) {
    this.rolesByDigest = rolesByDigest;
  }

  /**
   * Reads {@code entries}.
   *
   * @param property the configuration key the entries come from, named in every error
   * @param roles each known role and the roles it includes (e.g. {@code predict} includes {@code
   *     read})
   * @throws IllegalArgumentException for an entry that is not {@code key:role[+role]} or names a
   *     role not in {@code roles}
   */
  public static ApiKeys parse(
      String property, List<String> entries, Map<String, Set<String>> roles) {
    Map<String, Set<String>> rolesByDigest = new LinkedHashMap<>();
    for (String entry : entries) {
      int colon = entry.lastIndexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException(property + " entries are key:role[+role]; one is not");
      }
      String key = entry.substring(0, colon).trim();
      Set<String> granted = new HashSet<>();
      for (String role : entry.substring(colon + 1).trim().split("\\+")) {
        if (!roles.containsKey(role)) {
          throw new IllegalArgumentException(
              property
                  + ": unknown role '"
                  + role
                  + "'; use "
                  + String.join(" or ", new TreeSet<>(roles.keySet())));
        }
        granted.add(role);
        granted.addAll(roles.get(role));
      }
      String digest =
          key.startsWith(DIGEST_PREFIX)
              ? key.substring(DIGEST_PREFIX.length()).toLowerCase()
              : sha256(key);
      rolesByDigest.put(digest, Set.copyOf(granted));
    }
    return new ApiKeys(rolesByDigest);
  }

  public boolean isEmpty() {
    return rolesByDigest.isEmpty();
  }

  /** The roles of {@code key}, or empty if it is no key of this list. */
  public Optional<Set<String>> roles(String key) {
    byte[] presented = sha256(key).getBytes(StandardCharsets.US_ASCII);
    Set<String> found = null;
    for (Map.Entry<String, Set<String>> entry : rolesByDigest.entrySet()) {
      // every entry is compared, in constant time, so timing tells nothing about the keys
      if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.US_ASCII))) {
        found = entry.getValue();
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Why a request with these headers may not act in {@code role}, or empty if it may. The key is
   * sent as {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}.
   */
  public Optional<Refusal> check(String authorization, String apiKey, String role) {
    Optional<String> key = presented(authorization, apiKey);
    if (key.isEmpty()) {
      return Optional.of(
          new Refusal(
              401,
              "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
              "Bearer"));
    }
    Optional<Set<String>> roles = roles(key.get());
    if (roles.isEmpty()) {
      return Optional.of(
          new Refusal(401, "the API key is not recognised", "Bearer error=\"invalid_token\""));
    }
    if (!roles.get().contains(role)) {
      return Optional.of(new Refusal(403, "this API key lacks the '" + role + "' role", null));
    }
    return Optional.empty();
  }

  /** The key in an {@code Authorization: Bearer} header, else in an {@code X-API-Key} header. */
  public static Optional<String> presented(String authorization, String apiKey) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String key = authorization.substring(7).trim();
      return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
    return apiKey == null || apiKey.isBlank() ? Optional.empty() : Optional.of(apiKey.trim());
  }

  /** The lower-case hex SHA-256 digest of {@code key}, as a {@code sha256:} entry gives it. */
  public static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * A refused request: the HTTP status (401 or 403), the error to answer with, and the {@code
   * WWW-Authenticate} challenge of a 401 (null for 403).
   */
  public record Refusal(int status, String error, String challenge) {}
}
