package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Clients that connect and send their headers slowly, or nothing, are cut after
 * {@code cafesim.http.first-request-deadline}, so they cannot hold every connection.
 * Loopback only; every loop is bounded in count and time.
 */
class SlowClientsTest {

  private static final Map<String, Object> ONE_SECOND = Map.of(
      "cafesim.http.first-request-deadline", "1s", "pekko.http.server.max-connections", 32);

  @Test
  void slowClientsBeyondMaxConnectionsAreCutAndHealthStillAnswers() throws Exception {
    try (var api = new ApiClient(ONE_SECOND)) {
      int port = api.server.port();
      long attackEnds = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        // 4 threads x 12 sockets: 48 slow clients for 32 connections, each reconnecting when cut.
        List<Future<Integer>> cuts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          cuts.add(pool.submit(() -> slowClients(port, 12, attackEnds)));
        }
        Thread.sleep(500); // the slow clients hold every connection by now
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int status = 0;
        for (int attempt = 0; attempt < 6 && status != 200; attempt++) {
          try {
            status = http.send(HttpRequest.newBuilder(api.uri("/health"))
                    .timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
          } catch (IOException timedOut) {
            // still queued behind slow clients: try again
          }
        }
        assertTrue(System.nanoTime() < attackEnds, "answered while the slow clients were at it");
        assertEquals(200, status, "/health answers despite the slow clients");
        for (Future<Integer> cut : cuts) {
          assertEquals(12, cut.get(20, TimeUnit.SECONDS), "the server closed every slow socket");
        }
      } finally {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void aKeepAliveClientWithinTheDeadlineIsServedTwiceThenClosedWhenIdle() throws Exception {
    try (var api = new ApiClient(Map.of("cafesim.http.first-request-deadline", "2s"));
        var socket = new Socket("127.0.0.1", api.server.port())) {
      socket.setSoTimeout(10_000);
      for (int i = 0; i < 2; i++) {
        socket.getOutputStream().write(
            "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(readResponse(socket.getInputStream()).startsWith("HTTP/1.1 200"));
        Thread.sleep(500);
      }
      long idle = System.nanoTime();
      assertEquals(-1, readUntilClosed(socket), "closed once idle past the deadline");
      assertTrue(System.nanoTime() - idle < Duration.ofSeconds(9).toNanos());
    }
  }

  @Test
  void aBodyThatTricklesInGets408() throws Exception {
    String body = "{\"scenario\":\"five-jobs\",\"speed\":1000}";
    try (var api = new ApiClient(ONE_SECOND);
        var socket = new Socket("127.0.0.1", api.server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /runs HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      long sent = System.nanoTime();
      String answer = readResponse(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("application/json"), answer);
      assertTrue(System.nanoTime() - sent < Duration.ofSeconds(8).toNanos());
      assertEquals(0, api.get("/runs").json().get("runs").size(), "nothing was started");
    }
  }

  @Test
  void aClientThatSendsNothingIsClosedAfterTheDeadline() throws Exception {
    try (var api = new ApiClient(ONE_SECOND);
        var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", api.server.port()));
      long connected = System.nanoTime();
      socket.setSoTimeout(10_000);
      assertEquals(-1, readUntilClosed(socket));
      long waited = System.nanoTime() - connected;
      assertTrue(waited > Duration.ofMillis(900).toNanos(), "not before the deadline: " + waited);
    }
  }

  @Test
  void aRequestStillBeingAnsweredIsNotCut() {
    try (var api = new ApiClient(ONE_SECOND)) {
      // About 2 s of waiting for the run, twice the deadline.
      var answer = api.post("/runs?wait=true", "{\"scenario\":\"americano-latte\",\"speed\":4}");
      assertEquals(200, answer.status());
      assertEquals("COMPLETED", answer.json().get("status").asText());
    }
  }

  @Test
  void aStreamedResponseExemptsItsConnection() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "streamed");
    try {
      // Three chunks 700 ms apart: the stream outlasts the 1 s deadline.
      var chunks = Source.range(1, 3).throttle(1, Duration.ofMillis(700))
          .map(i -> ByteString.fromString("chunk " + i + "\n"));
      var streamed = org.apache.pekko.http.javadsl.model.HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, chunks));
      var handler = Flow.<org.apache.pekko.http.javadsl.model.HttpRequest>create()
          .map(request -> streamed);
      ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0)
          .bindFlow(RequestDeadline.around(handler, Duration.ofSeconds(1)))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (var socket = new Socket("127.0.0.1", binding.localAddress().getPort())) {
        socket.setSoTimeout(10_000);
        byte[] request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(request);
        String first = readUntil(socket.getInputStream(), "\r\n0\r\n\r\n");
        assertTrue(first.contains("chunk 3"), first);
        // Past the deadline since the response began: the connection still takes a request.
        socket.getOutputStream().write(request);
        assertTrue(readUntil(socket.getInputStream(), "\r\n\r\n").startsWith("HTTP/1.1 200"));
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code count} sockets that each send a request line, then a header line every 300 ms,
   * reconnecting when the server closes them, until {@code ends}. Returns how many of them the
   * server closed at least once.
   */
  private static int slowClients(int port, int count, long ends) throws IOException {
    var sockets = new Socket[count];
    int[] lines = new int[count];
    boolean[] cut = new boolean[count];
    try {
      while (System.nanoTime() < ends) {
        for (int i = 0; i < count; i++) {
          if (sockets[i] == null) {
            sockets[i] = slowSocket(port);
          }
          if (!stillOpen(sockets[i], "X-Slow-" + lines[i]++ + ": x\r\n")) {
            sockets[i].close();
            sockets[i] = null;
            cut[i] = true;
          }
        }
        sleep(300);
      }
    } finally {
      for (Socket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
    int closed = 0;
    for (boolean c : cut) {
      closed += c ? 1 : 0;
    }
    return closed;
  }

  private static Socket slowSocket(int port) throws IOException {
    var socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    socket.setSoTimeout(1);
    socket.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /** Sends one more header line; false once the server has closed the connection. */
  private static boolean stillOpen(Socket socket, String line) {
    try {
      socket.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
      return socket.getInputStream().read() != -1;
    } catch (SocketTimeoutException nothingYet) {
      return true;
    } catch (IOException reset) {
      return false;
    }
  }

  /** -1 when the server closes the connection (or resets it), 0 if it sends or stays open. */
  private static int readUntilClosed(Socket socket) {
    try {
      return socket.getInputStream().read() == -1 ? -1 : 0;
    } catch (SocketTimeoutException stillOpen) {
      return 0;
    } catch (IOException reset) {
      return -1;
    }
  }

  /** The status line and headers of one response, after reading its Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    String head = readUntil(in, "\r\n\r\n");
    int length = head.lines()
        .filter(l -> l.toLowerCase().startsWith("content-length:"))
        .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
    in.readNBytes(length);
    return head;
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    var read = new StringBuilder();
    while (!read.toString().endsWith(end)) {
      int b = in.read();
      assertTrue(b != -1, "closed early: " + read);
      read.append((char) b);
    }
    return read.toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
