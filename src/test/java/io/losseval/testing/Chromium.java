package io.losseval.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A headless Chromium driven over the DevTools protocol with nothing but the JDK: started with a
 * fresh profile and {@code --remote-debugging-port=0}, its port read from the profile's {@code
 * DevToolsActivePort}, spoken to over {@link java.net.http.WebSocket}. One page (a target attached
 * in flat mode) records every request it makes and every console error, uncaught exception and
 * browser log error, from before it navigates.
 */
public final class Chromium implements AutoCloseable {
  /** The flags every start gets: headless, and nothing that reaches the network on its own. */
  public static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--remote-debugging-port=0",
          "--remote-debugging-address=127.0.0.1");

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<JsonNode>> listeners =
      Collections.synchronizedList(new ArrayList<>());
  private String session;

  /** URLs of every request the page made (main document included). */
  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  /** Console errors, uncaught exceptions and browser log errors, as text. */
  public final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** The browser's executable on the PATH ({@code chromium}, {@code chromium-browser}), or null. */
  public static Path find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** Starts {@code executable} with a fresh profile and opens one page, recording its events. */
  public static Chromium start(Path executable, Path profile, int width, int height)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.add("--window-size=" + width + "," + height);
    command.add("about:blank");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
            .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "Chromium did not open its DevTools port (exit "
                + (process.isAlive() ? "none" : process.exitValue())
                + "); its output: "
                + profile.resolveSibling(profile.getFileName() + ".log"));
      }
      Thread.sleep(100);
    }
    List<String> lines = Files.readAllLines(portFile);
    URI browser = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
    Chromium[] self = new Chromium[1];
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                browser,
                new WebSocket.Listener() {
                  private final StringBuilder message = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                      String text = message.toString();
                      message.setLength(0);
                      self[0].receive(text);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Chromium c = new Chromium(process, socket);
    self[0] = c;
    c.openPage();
    return c;
  }

  private void openPage() throws Exception {
    String target =
        send(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
    session =
        send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
            .get("sessionId")
            .asText();
    listeners.add(this::record);
    for (String domain : List.of("Network", "Runtime", "Log", "Page")) {
      send(domain + ".enable", Map.of());
    }
  }

  private void record(JsonNode event) {
    JsonNode p = event.get("params");
    switch (event.path("method").asText()) {
      case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
      case "Runtime.exceptionThrown" ->
          errors.add(
              "exception: "
                  + p.path("exceptionDetails")
                      .path("exception")
                      .path("description")
                      .asText(p.path("exceptionDetails").path("text").asText()));
      case "Runtime.consoleAPICalled" -> {
        String type = p.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          errors.add("console." + type + ": " + p.path("args"));
        }
      }
      case "Log.entryAdded" -> {
        if (p.path("entry").path("level").asText().equals("error")) {
          errors.add(
              "log: "
                  + p.path("entry").path("text").asText()
                  + " "
                  + p.path("entry").path("url").asText());
        }
      }
      default -> {}
    }
  }

  private void receive(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
        if (f != null) {
          if (message.has("error")) {
            f.completeExceptionally(new IllegalStateException("DevTools: " + message.get("error")));
          } else {
            f.complete(message.get("result"));
          }
        }
      } else if (session == null || session.equals(message.path("sessionId").asText())) {
        List<Consumer<JsonNode>> copy;
        synchronized (listeners) {
          copy = List.copyOf(listeners);
        }
        copy.forEach(l -> l.accept(message));
      }
    } catch (IOException e) {
      errors.add("unreadable DevTools message: " + e);
    }
  }

  /** Sends a command to the page and waits for its result. */
  JsonNode send(String method, Map<String, ?> params) throws Exception {
    return send(session, method, params);
  }

  private JsonNode send(String sessionId, String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", JSON.valueToTree(params));
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    socket
        .sendText(JSON.writeValueAsString(message), true)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Opens {@code url} in the page and waits for its load event. */
  public void navigate(String url) throws Exception {
    CompletableFuture<Void> loaded = new CompletableFuture<>();
    Consumer<JsonNode> onLoad =
        e -> {
          if (e.path("method").asText().equals("Page.loadEventFired")) {
            loaded.complete(null);
          }
        };
    listeners.add(onLoad);
    try {
      send("Page.navigate", Map.of("url", url));
      loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      listeners.remove(onLoad);
    }
  }

  /** The value of a JavaScript expression in the page, awaited if it is a promise. */
  public JsonNode evaluate(String expression) throws Exception {
    JsonNode r =
        send(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("in the page: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** A PNG of the whole page, beyond the window's height. */
  public byte[] screenshot() throws Exception {
    JsonNode r =
        send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    return Base64.getDecoder().decode(r.get("data").asText());
  }

  /** Closes the browser (and so its helper processes); kills it if it does not go. */
  @Override
  public void close() throws Exception {
    try {
      ObjectNode message = JSON.createObjectNode();
      message.put("id", ids.incrementAndGet());
      message.put("method", "Browser.close");
      socket.sendText(JSON.writeValueAsString(message), true).get(5, TimeUnit.SECONDS);
    } catch (Exception e) { // the browser may be gone already; it is stopped below anyway
    }
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
