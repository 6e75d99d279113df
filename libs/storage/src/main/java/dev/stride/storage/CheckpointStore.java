package dev.stride.storage;

import dev.stride.contracts.Json;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.Checkpoint.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkpoints in the store, written so that a crash never leaves a torn one visible: the files go
 * first, then {@code checkpoint.json} listing them with sizes and hashes, then the {@code
 * latest.json} pointer (and {@code best.json} when it is the best so far). A reader checks every
 * file against the document before using it.
 */
public final class CheckpointStore {

  // epoch-0007/ ends epoch 7; epoch-0007-batch-00012/ is a run stopped 12 batches into epoch 7
  private static final Pattern CHECKPOINT_FOLDER =
      Pattern.compile("epoch-(\\d+)(?:-batch-(\\d+))?");

  private final ObjectStore store;

  public CheckpointStore(ObjectStore store) {
    this.store = store;
  }

  /** The key of an epoch's {@code checkpoint.json}. */
  public static String documentKey(String runId, int epoch) {
    return documentKey(runId, epoch, 0);
  }

  /**
   * The key of the {@code checkpoint.json} of a run stopped after {@code batch} batches of {@code
   * epoch}.
   */
  public static String documentKey(String runId, int epoch, int batch) {
    return ObjectKeys.checkpoint(runId, epoch, batch) + "checkpoint.json";
  }

  /**
   * Stores an epoch's parameters and describes them.
   *
   * @param description the checkpoint without files (its {@code files} are filled in here)
   * @param best whether to point {@code best.json} at it too
   * @return the stored description
   */
  public Checkpoint save(Checkpoint description, Path parameters, boolean best) {
    String runId = description.runId();
    String key =
        ObjectKeys.checkpoint(runId, description.epoch(), description.batch())
            + Checkpoint.PARAMETERS;
    StoredFile file =
        new StoredFile(Checkpoint.PARAMETERS, key, size(parameters), sha256(parameters));
    // 1. the bytes
    store.putFile(key, parameters, ObjectStore.BINARY);
    Checkpoint stored =
        new Checkpoint(
            runId,
            description.datasetId(),
            description.epoch(),
            description.batch(),
            description.architecture(),
            description.architectureSpec(),
            description.classNames(),
            description.normalization(),
            description.mean(),
            description.std(),
            description.valLoss(),
            description.valAccuracy(),
            List.of(file),
            description.createdAt());
    // 2. the document naming them, 3. the pointers naming the document
    byte[] document = Json.toPrettyBytes(stored);
    store.put(documentKey(runId, stored.epoch(), stored.batch()), document, ObjectStore.JSON);
    store.put(ObjectKeys.latestCheckpoint(runId), document, ObjectStore.JSON);
    if (best) {
      store.put(ObjectKeys.bestCheckpoint(runId), document, ObjectStore.JSON);
    }
    return stored;
  }

  /**
   * Deletes a run's older checkpoints, keeping the {@code newest} newest (by epoch, then batch) and
   * the ones {@code latest.json} and {@code best.json} name. Each goes document first, so a reader
   * meets a checkpoint whole or not at all. A pointer that cannot be read keeps every checkpoint:
   * what it names is unknown.
   *
   * @param newest how many of the newest checkpoints to keep, at least 1
   * @return the bytes deleted
   */
  public long prune(String runId, int newest) {
    if (newest < 1) {
      throw new IllegalArgumentException("keep at least 1 checkpoint, not " + newest);
    }
    Set<String> kept = new HashSet<>();
    for (String pointer :
        List.of(ObjectKeys.latestCheckpoint(runId), ObjectKeys.bestCheckpoint(runId))) {
      try {
        store
            .findJson(pointer, Checkpoint.class)
            .ifPresent(c -> kept.add(ObjectKeys.checkpoint(runId, c.epoch(), c.batch())));
      } catch (StorageException e) {
        if (e.getCause() instanceof IOException) {
          return 0; // a garbled pointer: keep everything rather than guess
        }
        throw e;
      }
    }
    // checkpoint folder -> its objects, newest folder first
    Map<String, List<ObjectInfo>> folders =
        new TreeMap<>(Comparator.comparing(CheckpointStore::position).reversed());
    String prefix = ObjectKeys.checkpoints(runId);
    for (ObjectInfo object : store.list(prefix)) {
      int slash = object.key().indexOf('/', prefix.length());
      if (slash > 0
          && CHECKPOINT_FOLDER.matcher(object.key().substring(prefix.length(), slash)).matches()) {
        folders
            .computeIfAbsent(object.key().substring(0, slash + 1), f -> new ArrayList<>())
            .add(object);
      }
    }
    long deleted = 0;
    int index = 0;
    for (Map.Entry<String, List<ObjectInfo>> folder : folders.entrySet()) {
      if (index++ < newest || kept.contains(folder.getKey())) {
        continue;
      }
      String document = folder.getKey() + "checkpoint.json";
      if (store.exists(document)) {
        store.delete(document);
      }
      for (ObjectInfo object : folder.getValue()) {
        if (!object.key().equals(document)) {
          store.delete(object.key());
        }
        deleted += object.size();
      }
    }
    return deleted;
  }

  /** Epoch and batch of a checkpoint folder key, for ordering: batch 0 ends its epoch. */
  private static long position(String folder) {
    String name = folder.substring(0, folder.length() - 1);
    Matcher m = CHECKPOINT_FOLDER.matcher(name.substring(name.lastIndexOf('/') + 1));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a checkpoint folder: " + folder);
    }
    long epoch = Long.parseLong(m.group(1));
    long batch = m.group(2) == null ? Integer.MAX_VALUE : Long.parseLong(m.group(2));
    return epoch * (1L << 32) + batch;
  }

  /**
   * Downloads a checkpoint's parameters into {@code directory} and checks them.
   *
   * @param documentKey a {@code checkpoint.json}, {@code latest.json} or {@code best.json} key
   * @throws CorruptCheckpointException if the document or a file is missing, or a file's size or
   *     hash differs from the document
   */
  public Fetched fetch(String documentKey, Path directory) throws CorruptCheckpointException {
    Checkpoint checkpoint;
    try {
      checkpoint = store.getJson(documentKey, Checkpoint.class);
    } catch (ObjectNotFoundException e) {
      throw new CorruptCheckpointException("checkpoint " + documentKey + " does not exist");
    } catch (StorageException e) {
      if (e.getCause() instanceof IOException) {
        throw new CorruptCheckpointException(
            "checkpoint " + documentKey + " is unreadable: " + e.getMessage());
      }
      throw e;
    }
    StoredFile file = checkedFile(documentKey, checkpoint);
    Path local = directory.resolve(file.name());
    try {
      store.download(file.key(), local);
    } catch (ObjectNotFoundException e) {
      throw new CorruptCheckpointException("checkpoint file " + file.key() + " is missing");
    }
    long size = size(local);
    if (size != file.size()) {
      throw new CorruptCheckpointException(
          "checkpoint file "
              + file.key()
              + " has "
              + size
              + " bytes, "
              + documentKey
              + " says "
              + file.size());
    }
    String sha = sha256(local);
    if (!sha.equals(file.sha256())) {
      throw new CorruptCheckpointException(
          "checkpoint file "
              + file.key()
              + " has sha256 "
              + sha
              + ", "
              + documentKey
              + " says "
              + file.sha256());
    }
    return new Fetched(checkpoint, local);
  }

  /**
   * The newest checkpoint of a run that checks out: {@code latest.json} if it does, else the epoch
   * checkpoints from the newest down (a pointer to a torn checkpoint, or a torn pointer, must not
   * lose the run). Empty if the run has no whole checkpoint.
   *
   * @param fellBack told why each checkpoint passed over was refused
   */
  public java.util.Optional<Fetched> newestWhole(
      String runId, Path directory, java.util.function.Consumer<String> fellBack) {
    List<String> candidates = new java.util.ArrayList<>();
    candidates.add(ObjectKeys.latestCheckpoint(runId));
    store.list(ObjectKeys.checkpoints(runId)).stream()
        .map(ObjectInfo::key)
        .filter(key -> key.endsWith("/checkpoint.json"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(candidates::add);
    for (String key : candidates) {
      try {
        return java.util.Optional.of(fetch(key, directory));
      } catch (CorruptCheckpointException e) {
        if (!key.equals(ObjectKeys.latestCheckpoint(runId)) || store.exists(key)) {
          fellBack.accept(e.getMessage());
        }
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The checkpoint at {@code documentKey} if it checks out, else the newest whole one of a complete
   * epoch before {@code epoch} (a torn final or best checkpoint must not lose a run's evaluation).
   * Empty if none of them is whole.
   *
   * @param epoch the epoch {@code documentKey} belongs to
   * @param refused told why each checkpoint passed over was refused
   */
  public java.util.Optional<Fetched> wholeAtOrBefore(
      String runId,
      String documentKey,
      int epoch,
      Path directory,
      java.util.function.Consumer<String> refused) {
    List<String> candidates = new java.util.ArrayList<>();
    candidates.add(documentKey);
    for (int earlier = epoch - 1; earlier >= 1; earlier--) {
      candidates.add(documentKey(runId, earlier));
    }
    for (String key : candidates) {
      try {
        return java.util.Optional.of(fetch(key, directory));
      } catch (CorruptCheckpointException e) {
        refused.accept(e.getMessage());
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The parameters file a document names, once the document is known to be a checkpoint of the run
   * its key belongs to whose file lies among that run's checkpoints: JSON that parses is not yet a
   * whole checkpoint (a garbled pointer must not lead to another run's parameters, or to nothing).
   */
  private static StoredFile checkedFile(String documentKey, Checkpoint checkpoint)
      throws CorruptCheckpointException {
    String prefix = "checkpoint " + documentKey + " ";
    if (checkpoint == null) {
      throw new CorruptCheckpointException(prefix + "is empty");
    }
    if (checkpoint.runId() == null) {
      throw new CorruptCheckpointException(prefix + "names no run");
    }
    String keyRun = runOf(documentKey);
    if (keyRun != null && !keyRun.equals(checkpoint.runId())) {
      throw new CorruptCheckpointException(
          prefix + "belongs to run " + checkpoint.runId() + ", not " + keyRun);
    }
    StoredFile file =
        checkpoint.files() == null
            ? null
            : checkpoint.files().stream()
                .filter(f -> f != null && Checkpoint.PARAMETERS.equals(f.name()))
                .findFirst()
                .orElse(null);
    if (file == null || file.key() == null || file.sha256() == null) {
      throw new CorruptCheckpointException(prefix + "lists no " + Checkpoint.PARAMETERS);
    }
    if (!file.key().startsWith(ObjectKeys.checkpoints(checkpoint.runId()))
        || file.key().contains("..")) {
      throw new CorruptCheckpointException(
          prefix + "names " + file.key() + ", outside " + checkpoint.runId() + "'s checkpoints");
    }
    return file;
  }

  /** The run a key under {@code runs/} belongs to, or null for any other key. */
  private static String runOf(String key) {
    String runs = "runs/"; // ObjectKeys.runPrefix(runId) is runs/{runId}/
    if (!key.startsWith(runs)) {
      return null;
    }
    int end = key.indexOf('/', runs.length());
    return end < 0 ? null : key.substring(runs.length(), end);
  }

  /** A checked checkpoint: its description and its parameters on local disk. */
  public record Fetched(Checkpoint checkpoint, Path parameters) {}

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(Path file) {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
