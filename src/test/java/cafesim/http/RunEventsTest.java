package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.cafe.CafeEvent;
import cafesim.run.RunWatcher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** GET /runs/{id}/events: Server-Sent Events from the real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ApiClient api = new ApiClient();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterAll
  void stop() {
    api.close();
  }

  /** One SSE message: its event name (null for a plain event), id and data. */
  record Message(String event, String id, JsonNode data, long atMillis) {}

  private List<Message> read(String runId, Optional<String> lastEventId) throws Exception {
    var request = HttpRequest.newBuilder(api.uri("/runs/" + runId + "/events"));
    lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
    HttpResponse<Stream<String>> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream",
        response.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
    List<Message> messages = new ArrayList<>();
    String event = null;
    String id = null;
    String data = null;
    long start = System.nanoTime();
    for (String line : (Iterable<String>) response.body()::iterator) {
      if (line.isEmpty()) {
        if (data != null) {
          messages.add(new Message(event, id, JSON.readTree(data),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        }
        event = id = data = null;
      } else if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("id:")) {
        id = line.substring(3).strip();
      } else if (line.startsWith("data:")) {
        data = line.substring(5).strip();
      }
    }
    return messages;
  }

  private String start(String body) {
    return api.post("/runs", body).json().get("runId").asText();
  }

  @Test
  void aLiveRunStreamsItsEventsInOrderAsTheyHappenThenItsReport() throws Exception {
    String runId = start("{\"scenario\":\"americano-latte\",\"mode\":\"async\",\"speed\":5}");
    List<Message> messages = read(runId, Optional.empty());
    Message last = messages.get(messages.size() - 1);
    assertEquals("report", last.event());
    assertEquals("COMPLETED", last.data().get("status").asText());
    List<Message> events = messages.subList(0, messages.size() - 1);
    assertEquals(last.data().get("events").size(), events.size());
    for (int i = 0; i < events.size(); i++) {
      assertEquals(null, events.get(i).event(), "a plain message, for onmessage");
      assertEquals("1-" + (i + 1), events.get(i).id());
      assertEquals(last.data().get("events").get(i), events.get(i).data(),
          "the same events as the report, in its order");
    }
    Message latteReady = events.stream()
        .filter(m -> m.data().get("type").asText().equals("DRINK_READY")
            && m.data().get("drink").asText().equals("latte")).findFirst().orElseThrow();
    Message americanoReady = events.stream()
        .filter(m -> m.data().get("type").asText().equals("DRINK_READY")
            && m.data().get("drink").asText().equals("americano")).findFirst().orElseThrow();
    // At speed 5 the latte is ready 0.4 s of wall time after the americano: not all at once.
    assertTrue(latteReady.atMillis() - americanoReady.atMillis() >= 150,
        americanoReady.atMillis() + " then " + latteReady.atMillis());
  }

  @Test
  void lastEventIdResumesAfterThatEventAndAnotherAttemptStartsOver() throws Exception {
    String runId = start("{\"scenario\":\"five-jobs\",\"speed\":1000}");
    List<Message> all = read(runId, Optional.empty());
    List<Message> after3 = read(runId, Optional.of("1-3"));
    assertEquals("1-4", after3.get(0).id());
    assertEquals(all.size() - 3, after3.size());
    List<Message> restarted = read(runId, Optional.of("2-5"));
    assertEquals("restarted", restarted.get(0).event());
    assertEquals("1-1", restarted.get(1).id());
    assertEquals(all.size() + 1, restarted.size());
  }

  @Test
  void aFinishedRunReplaysAtOnceAndEnds() throws Exception {
    String runId = api.post("/runs?wait=true", "{\"scenario\":\"three-calls\",\"speed\":1000}")
        .json().get("runId").asText();
    List<Message> messages = read(runId, Optional.empty());
    assertEquals("report", messages.get(messages.size() - 1).event());
    assertEquals("RUN_COMPLETED",
        messages.get(messages.size() - 2).data().get("type").asText());
  }

  @Test
  void aLateSubscriberFirstGetsWhatItMissed() throws Exception {
    String runId = start("{\"scenario\":\"americano-latte\",\"speed\":5}");
    Thread.sleep(700);
    List<Message> messages = read(runId, Optional.empty());
    assertEquals("1-1", messages.get(0).id());
    assertEquals("RUN_STARTED", messages.get(0).data().get("type").asText());
    assertEquals("report", messages.get(messages.size() - 1).event());
  }

  @Test
  void anUnknownRunIs404() {
    var answer = api.get("/runs/run-00000000/events");
    assertEquals(404, answer.status());
    assertEquals("application/json", answer.contentType());
  }

  @Test
  void aClientTooFarBehindReadsOverflowLastWithTheReason() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "overflow");
    try {
      var event = CafeEvent.ofRun(0, CafeEvent.Type.RUN_STARTED);
      List<String> lines = RunEventStream.lines(Source.from(List.of(
              new RunWatcher.Event(1, 1, event), new RunWatcher.Overflow(RunWatcher.BUFFER))))
          .map(ByteString::utf8String).runWith(Sink.seq(), system)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(List.of("data:{\"atSeconds\":0.0,\"type\":\"RUN_STARTED\"}\nid:1-1\n\n",
          "data:{\"message\":\"this client fell more than 1024 events behind the run; reconnect "
              + "with Last-Event-ID to go on\"}\nevent:overflow\n\n"), lines);
    } finally {
      system.terminate();
    }
  }
}
