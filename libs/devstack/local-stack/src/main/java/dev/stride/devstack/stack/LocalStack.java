package dev.stride.devstack.stack;

import dev.stride.devstack.DevStackControl;
import dev.stride.devstack.DevStackException;
import dev.stride.devstack.DevStackMain;
import dev.stride.devstack.JvmOptions;
import dev.stride.devstack.LoggedProcess;
import dev.stride.devstack.ParentWatch;
import dev.stride.storage.StoreSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The whole of Stride on one machine: the devstack (Kafka and S3 in their own JVMs) and the four
 * services, each a separate process with its log under {@code <dir>/logs}.
 *
 * <p>Attached (the demo, the pipeline test): every child exits when this JVM dies, however it dies.
 * Detached ({@code stride up}): the processes outlive the launcher until {@code stride down}.
 *
 * <p>Replicas, {@link #launch} and the kill and restart hooks are for the pipeline tests and the
 * benches; the CLI only starts, describes and closes a stack.
 */
public final class LocalStack implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  // services checkpoint and leave their consumer groups on SIGTERM
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final String DEVSTACK = "devstack";

  private final Path dir;
  private final boolean attached;
  private final List<LoggedProcess> processes =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<Service, String> urls = new EnumMap<>(Service.class);
  private final Map<Service, List<LoggedProcess>> replicas = new EnumMap<>(Service.class);
  private final Map<Long, String> replicaUrls = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, String> extraEnv;
  private Properties settings;

  private LocalStack(Path dir, boolean attached, Map<String, String> extraEnv) {
    this.dir = dir;
    this.attached = attached;
    this.extraEnv = Map.copyOf(extraEnv);
  }

  /**
   * Starts everything and waits until every service answers its liveness probe. On any failure
   * everything already started is stopped before the exception leaves.
   *
   * @param ports 0 for a free port; the Kafka and S3 ports are keyed "kafka" and "s3"
   */
  public static LocalStack start(
      Path dir, boolean attached, Map<String, Integer> ports, PrintStream out) {
    return start(dir, attached, ports, Map.of(), out);
  }

  /**
   * As above, with settings for every service as environment variables (e.g. {@code
   * TRAINER_SESSION_TIMEOUT=PT6S}).
   */
  public static LocalStack start(
      Path dir,
      boolean attached,
      Map<String, Integer> ports,
      Map<String, String> env,
      PrintStream out) {
    LocalStack stack = new LocalStack(dir.toAbsolutePath(), attached, env);
    try {
      stack.startDevStack(ports.getOrDefault("kafka", 0), ports.getOrDefault("s3", 0), out);
      // every service at once (their JVMs start in parallel), then each awaited in order
      Map<Service, LoggedProcess> launched = new EnumMap<>(Service.class);
      for (Service service : Service.values()) {
        launched.put(service, stack.launchFirst(service, ports.getOrDefault(service.id(), 0)));
      }
      for (Map.Entry<Service, LoggedProcess> entry : launched.entrySet()) {
        stack.awaitStarted(entry.getKey(), entry.getValue(), out);
      }
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /**
   * Starts the devstack alone (Kafka and S3), for tests that start services themselves with {@link
   * #startReplica} or {@link #launch}.
   */
  public static LocalStack startEmpty(Path dir, boolean attached, PrintStream out) {
    LocalStack stack = new LocalStack(dir.toAbsolutePath(), attached, Map.of());
    try {
      stack.startDevStack(0, 0, out);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  public Path directory() {
    return dir;
  }

  /**
   * Starts one more process of {@code service} (another trainer in the group, say), on a free port.
   */
  public LoggedProcess startReplica(Service service) {
    return startService(service, 0, new PrintStream(java.io.OutputStream.nullOutputStream()));
  }

  /**
   * Starts one more process of {@code service} on a free port, with {@code env} added to its
   * settings, and returns at once: for tests of a start that fails. It is stopped with the stack;
   * its URL is {@link #url(LoggedProcess)}.
   */
  public LoggedProcess launch(Service service, Map<String, String> env) {
    return launchService(service, freePort(), env);
  }

  /** The base URL of one process of a service. */
  public String url(LoggedProcess process) {
    return replicaUrls.get(process.pid());
  }

  /** The processes running {@code service}, the first started first. */
  public List<LoggedProcess> replicas(Service service) {
    return List.copyOf(replicas.getOrDefault(service, List.of()));
  }

  public String url(Service service) {
    return urls.get(service);
  }

  public String kafkaBootstrapServers() {
    return settings.getProperty("kafka.bootstrap.servers");
  }

  public StoreSettings store() {
    return new StoreSettings(
        settings.getProperty("stride.store.endpoint"),
        settings.getProperty("stride.store.access-key"),
        settings.getProperty("stride.store.secret-key"),
        settings.getProperty("stride.store.bucket"));
  }

  /** What {@code stride down} needs to find these processes again. */
  public StackFile describe() {
    List<StackFile.Entry> entries = new ArrayList<>();
    for (LoggedProcess p : processes) {
      entries.add(new StackFile.Entry(p.name(), p.pid(), p.log().toString()));
    }
    Map<String, String> endpoints = new HashMap<>();
    urls.forEach((service, url) -> endpoints.put(service.id(), url));
    endpoints.put("kafka", kafkaBootstrapServers());
    endpoints.put("s3", store().endpoint());
    return new StackFile(dir.toString(), endpoints, entries);
  }

  /** Crashes the Kafka broker (SIGKILL), for outage tests; {@link #restartKafka} brings it back. */
  public void killKafka() {
    control("kafka/kill");
  }

  /** Starts the broker again on its port with its data; returns once it listens. */
  public void restartKafka() {
    control("kafka/restart");
  }

  /** Crashes the S3 server (SIGKILL), for outage tests; {@link #restartS3} brings it back. */
  public void killS3() {
    control("s3/kill");
  }

  /** Starts the S3 server again on its port with its data; returns once it answers. */
  public void restartS3() {
    control("s3/restart");
  }

  private void control(String action) {
    String url = settings.getProperty(DevStackControl.URL_PROPERTY);
    if (url == null) {
      throw new StackException("this stack's devstack takes no commands (started by an older one)");
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/" + action))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(START_TIMEOUT)
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 204) {
        throw new StackException("devstack " + action + " failed: " + response.body());
      }
    } catch (IOException e) {
      throw new StackException("devstack " + action + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted during devstack " + action);
    }
  }

  /** Stops the services, then the devstack (which stops Kafka and S3). */
  @Override
  public synchronized void close() {
    // the demo's Ctrl-C hook and its own finally block may both get here: the first one stops all
    List<LoggedProcess> all = new ArrayList<>(processes);
    processes.clear();
    // the services together (each finishes its work on SIGTERM, which may need Kafka and S3),
    // then the devstack under them
    List<String> failures = new ArrayList<>();
    failures.addAll(stopTogether(all.stream().filter(p -> !p.name().equals(DEVSTACK)).toList()));
    failures.addAll(stopTogether(all.stream().filter(p -> p.name().equals(DEVSTACK)).toList()));
    if (!failures.isEmpty()) {
      throw new StackException(String.join("; ", failures));
    }
  }

  /** Stops each process in a thread of its own and waits for all; returns why any did not. */
  private static List<String> stopTogether(List<LoggedProcess> group) {
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> stoppers = new ArrayList<>();
    for (LoggedProcess process : group) {
      Thread stopper =
          new Thread(
              () -> {
                try {
                  process.stop(STOP_GRACE);
                } catch (DevStackException e) {
                  failures.add(e.getMessage());
                }
              },
              "stop-" + process.name());
      stopper.start();
      stoppers.add(stopper);
    }
    boolean interrupted = false;
    for (Thread stopper : stoppers) {
      while (stopper.isAlive()) {
        try {
          stopper.join();
        } catch (InterruptedException e) {
          interrupted = true; // a stop under way is seen through; the flag is kept
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return List.copyOf(failures);
  }

  private void startDevStack(int kafkaPort, int s3Port, PrintStream out) {
    Path readyFile = dir.resolve("devstack.ready");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(readyFile);
    } catch (IOException e) {
      throw new StackException("cannot use " + dir + ": " + e.getMessage());
    }
    List<String> command = java("-Xmx256m", "-cp", System.getProperty("java.class.path"));
    command.addAll(
        main(
            DevStackMain.class.getName(),
            "--dir",
            dir.resolve("devstack").toString(),
            "--kafka-port",
            Integer.toString(kafkaPort),
            "--s3-port",
            Integer.toString(s3Port),
            "--ready-file",
            readyFile.toString()));
    LoggedProcess devstack = launch(DEVSTACK, command, Map.of());
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.exists(readyFile)) {
      if (!devstack.isAlive()) {
        throw new StackException("the devstack (Kafka, S3) could not start:\n" + devstack.tail());
      }
      if (System.nanoTime() > deadline) {
        throw new StackException(
            "the devstack did not start within " + START_TIMEOUT + ":\n" + devstack.tail());
      }
      pause();
    }
    settings = new Properties();
    try (Reader in = Files.newBufferedReader(readyFile)) {
      settings.load(in);
    } catch (IOException e) {
      throw new StackException("cannot read " + readyFile + ": " + e.getMessage());
    }
    out.printf(
        "  %-10s kafka %s, s3 %s%n", "devstack", kafkaBootstrapServers(), store().endpoint());
  }

  private LoggedProcess startService(Service service, int port, PrintStream out) {
    LoggedProcess process = launchFirst(service, port);
    awaitStarted(service, process, out);
    return process;
  }

  /**
   * Launches a process of {@code service}; the first one's URL is the service's from now on, so
   * that a console launched after it is told where it is.
   */
  private LoggedProcess launchFirst(Service service, int port) {
    LoggedProcess process = launchService(service, port > 0 ? port : freePort(), Map.of());
    urls.putIfAbsent(service, replicaUrls.get(process.pid()));
    return process;
  }

  /** Waits until the process answers its liveness probe; then it is one of the replicas. */
  private void awaitStarted(Service service, LoggedProcess process, PrintStream out) {
    String url = replicaUrls.get(process.pid());
    awaitHttpOk(process, url + "/q/health/live");
    replicas.computeIfAbsent(service, s -> new ArrayList<>()).add(process);
    out.printf("  %-10s %s%n", service.id(), url);
  }

  /** Starts a process of {@code service} listening on {@code port}; does not wait for it. */
  private LoggedProcess launchService(Service service, int port, Map<String, String> settings) {
    Path jar = StackPaths.serviceJar(service.id());
    List<String> command = java("-Xmx1g", "-cp", jar + java.io.File.pathSeparator + devstackJar());
    command.addAll(main("io.quarkus.bootstrap.runner.QuarkusEntryPoint"));
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers());
    env.put("STRIDE_STORE_ENDPOINT", store().endpoint());
    env.put("STRIDE_STORE_ACCESS_KEY", store().accessKey());
    env.put("STRIDE_STORE_SECRET_KEY", store().secretKey());
    env.put("STRIDE_STORE_BUCKET", store().bucket());
    if (service == Service.CONSOLE) {
      // the console forwards pictures to the predictor, datasets to ingestion, promotions to the
      // evaluator
      Optional.ofNullable(urls.get(Service.PREDICTOR))
          .ifPresent(u -> env.put("CONSOLE_PREDICTOR_URL", u));
      Optional.ofNullable(urls.get(Service.INGESTION))
          .ifPresent(u -> env.put("CONSOLE_INGESTION_URL", u));
      Optional.ofNullable(urls.get(Service.EVALUATOR))
          .ifPresent(u -> env.put("CONSOLE_EVALUATOR_URL", u));
    }
    env.putAll(extraEnv);
    env.putAll(settings);
    int replica = replicas.getOrDefault(service, List.of()).size();
    LoggedProcess process =
        launch(replica == 0 ? service.id() : service.id() + "-" + (replica + 1), command, env);
    replicaUrls.put(process.pid(), "http://127.0.0.1:" + port);
    return process;
  }

  private LoggedProcess launch(String name, List<String> command, Map<String, String> env) {
    try {
      LoggedProcess process =
          LoggedProcess.start(name, command, env, dir.resolve("logs/" + name + ".log"));
      processes.add(process);
      return process;
    } catch (DevStackException e) {
      throw new StackException(e.getMessage());
    }
  }

  /** Waits until {@code url} answers 200, failing early with the log's end if the process dies. */
  private static void awaitHttpOk(LoggedProcess process, String url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new StackException(process.name() + " exited while starting:\n" + process.tail());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackException("interrupted while waiting for " + process.name());
      }
      if (System.nanoTime() > deadline) {
        throw new StackException(
            process.name()
                + " did not become ready at "
                + url
                + " within "
                + START_TIMEOUT
                + ":\n"
                + process.tail());
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while starting the stack");
    }
  }

  /** {@code java <options>}, with the JVM running this launcher, after {@link JvmOptions}. */
  private static List<String> java(String... options) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JvmOptions.forChild());
    command.addAll(List.of(options));
    return command;
  }

  /** The main class and its arguments; attached, behind a watch that exits with this JVM. */
  private List<String> main(String mainClass, String... args) {
    List<String> part = new ArrayList<>();
    if (attached) {
      part.add(ParentWatch.class.getName());
      part.add(Long.toString(ProcessHandle.current().pid()));
    }
    part.add(mainClass);
    part.addAll(List.of(args));
    return part;
  }

  private static String devstackJar() {
    try {
      return Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StackException("no free port on loopback: " + e.getMessage());
    }
  }
}
