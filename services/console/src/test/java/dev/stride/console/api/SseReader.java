package dev.stride.console.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** A server-sent-events client on the JDK's HttpClient: records the lines as they arrive. */
final class SseReader implements Flow.Subscriber<String>, AutoCloseable {

  /** One event: its {@code event:} name and its {@code data:} lines joined. */
  record ServerSentEvent(String name, String data) {}

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private volatile Flow.Subscription subscription;
  private volatile HttpResponse.ResponseInfo response;
  private volatile Throwable error;

  static SseReader open(URI uri) {
    SseReader reader = new SseReader();
    HttpRequest request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
    HttpClient.newHttpClient()
        .sendAsync(
            request,
            info -> {
              reader.response = info;
              return HttpResponse.BodySubscribers.fromLineSubscriber(reader);
            });
    return reader;
  }

  /** Null until the headers came. */
  HttpResponse.ResponseInfo response() {
    return response;
  }

  /** Why the stream broke, or null. */
  Throwable error() {
    return error;
  }

  /** The complete events so far (each ended by a blank line). */
  List<ServerSentEvent> events() {
    List<ServerSentEvent> events = new ArrayList<>();
    String name = null;
    StringBuilder data = null;
    for (String line : lines) {
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new ServerSentEvent(name, data.toString()));
        }
        name = null;
        data = null;
      } else if (line.startsWith("event:")) {
        name = value(line);
      } else if (line.startsWith("data:")) {
        data = data == null ? new StringBuilder() : data.append('\n');
        data.append(value(line));
      }
    }
    return events;
  }

  /** The comment lines so far ({@code : text}), their text. */
  List<String> comments() {
    return lines.stream().filter(line -> line.startsWith(":")).map(SseReader::value).toList();
  }

  private static String value(String line) {
    String value = line.substring(line.indexOf(':') + 1);
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(String line) {
    lines.add(line);
  }

  @Override
  public void onError(Throwable throwable) {
    error = throwable;
  }

  @Override
  public void onComplete() {}

  @Override
  public void close() {
    if (subscription != null) {
      subscription.cancel();
    }
  }
}
