package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.testing.SvgDom;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@code GET /comparison.svg}: the link a comparison answers with draws both runs on one time
 * axis with their totals and the speedup; bad links are JSON errors naming the parameter.
 * max-wait is 2 s here, so a comparison at speed 1 (8 s) answers 202.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComparisonSvgApiTest {

  private final ApiClient api = new ApiClient(Map.of("cafesim.http.max-wait", "2s"));

  @AfterAll
  void stop() {
    api.close();
  }

  private JsonNode compare(String body) {
    var answer = api.post("/runs/compare", body);
    assertEquals(200, answer.status(), answer.raw().body());
    return answer.json();
  }

  @Test
  void aComparisonLinksToBothRunsOnOneAxisWithTheirTotalsAndTheSpeedup() throws Exception {
    JsonNode comparison = compare("{\"scenario\":\"americano-latte\",\"speed\":100}");
    String sync = comparison.get("sync").get("runId").asText();
    String async = comparison.get("async").get("runId").asText();
    List<String> fields = new ArrayList<>();
    comparison.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("sync", "async", "speedup", "waitRatio", "comparisonSvg"), fields);
    String link = comparison.get("comparisonSvg").asText();
    assertEquals("/comparison.svg?sync=" + sync + "&async=" + async, link);

    var answer = api.get(link);
    assertEquals(200, answer.status(), answer.raw().body());
    assertEquals("image/svg+xml", answer.contentType());
    String body = answer.raw().body();
    Document svg = parse(body);
    assertEquals("1.6", svg.getDocumentElement().getAttribute("data-speedup"));
    assertEquals(List.of("1.6x"), texts(svg.getDocumentElement(), "speedup"));

    List<Element> runs = groups(svg, "run");
    assertEquals(2, runs.size());
    assertEquals(List.of("sync", sync, "8"), List.of(runs.get(0).getAttribute("data-mode"),
        runs.get(0).getAttribute("data-run-id"), runs.get(0).getAttribute("data-total")));
    assertEquals(List.of("async", async, "5"), List.of(runs.get(1).getAttribute("data-mode"),
        runs.get(1).getAttribute("data-run-id"), runs.get(1).getAttribute("data-total")));
    assertEquals(List.of("8 s"), texts(runs.get(0), "total"));
    assertEquals(List.of("5 s"), texts(runs.get(1), "total"));
    assertTrue(body.contains(">8 s<") && body.contains(">5 s<") && body.contains(">1.6x<"));
    assertEquals(List.of("sync"), texts(runs.get(0), "mode"), "labelled with its mode");

    // One axis, one scale: the 5 s tick is where the async latte ends, the 3 s tick where the
    // sync one starts.
    assertEquals(1, groups(svg, "axis").size());
    Map<String, Double> tick = new HashMap<>();
    groups(svg, "tick").forEach(t ->
        tick.put(t.getAttribute("data-seconds"), Double.parseDouble(t.getAttribute("data-x"))));
    Element syncLatte = latte(runs.get(0));
    Element asyncLatte = latte(runs.get(1));
    assertEquals(tick.get("3"), attr(syncLatte, "x"), 0.01);
    assertEquals(tick.get("8"), attr(syncLatte, "x") + attr(syncLatte, "width"), 0.01);
    assertEquals(tick.get("5"), attr(asyncLatte, "x") + attr(asyncLatte, "width"), 0.01);
    assertTrue(attr(syncLatte, "y") < attr(asyncLatte, "y"), "sync on top");

    assertEquals(body, api.get(link).raw().body(), "drawn once, the same picture again");
  }

  @Test
  void aMissingUnknownRepeatedOrEmptyParameterIs400() {
    String run = compare("{\"scenario\":\"five-jobs\",\"speed\":1000}").get("sync")
        .get("runId").asText();
    assertError(api.get("/comparison.svg"), 400, "sync",
        "query parameters 'sync' and 'async' are required");
    assertError(api.get("/comparison.svg?sync=" + run), 400, "async",
        "query parameter 'async' is required: the id of a finished run; allowed here: async, sync");
    assertError(api.get("/comparison.svg?sync=" + run + "&async=" + run + "&format=png"), 400,
        "format", "unknown query parameter 'format'; allowed here: async, sync");
    assertError(api.get("/comparison.svg?sync=" + run + "&sync=" + run + "&async=" + run), 400,
        "sync", "query parameter 'sync' is given twice; give it once");
    assertError(api.get("/comparison.svg?sync=&async=" + run), 400, "sync",
        "parameter 'sync' is empty");
  }

  @Test
  void aRunThatDoesNotExistIs404NamingIt() {
    String run = compare("{\"scenario\":\"five-jobs\",\"speed\":1000}").get("async")
        .get("runId").asText();
    assertError(api.get("/comparison.svg?sync=" + run + "&async=run-0000000000000000"), 404,
        "async", "run 'run-0000000000000000' does not exist; GET /runs lists the runs kept");
    assertError(api.get("/comparison.svg?sync=run-nope&async=run-0000000000000000"), 404,
        "sync", "run 'run-nope' does not exist");
  }

  @Test
  void aRunStillRunningIs409AndOnceCancelledItIsDrawnWithItsStatus() {
    String finished = compare("{\"scenario\":\"americano-latte\",\"speed\":1000}").get("async")
        .get("runId").asText();
    var started = api.post("/runs", "{\"scenario\":\"americano-latte\",\"mode\":\"sync\","
        + "\"speed\":1}");
    assertEquals(202, started.status());
    String running = started.json().get("runId").asText();
    String link = "/comparison.svg?sync=" + running + "&async=" + finished;
    assertError(api.get(link), 409, "sync", "run '" + running
        + "' (parameter 'sync') is still running");

    assertEquals(200, delete(running).status());
    var answer = api.get(link);
    assertEquals(200, answer.status(), answer.raw().body());
    Element top = groups(parse(answer.raw().body()), "run").get(0);
    assertEquals("CANCELLED", top.getAttribute("data-status"));
    assertEquals(List.of("sync (CANCELLED)"), texts(top, "mode"));
  }

  @Test
  void aComparisonStillGoingLinksToItsPictureToo() {
    var answer = api.post("/runs/compare", "{\"scenario\":\"americano-latte\",\"speed\":1}");
    assertEquals(202, answer.status(), "8 s at speed 1, longer than max-wait");
    String sync = answer.json().get("sync").get("runId").asText();
    String async = answer.json().get("async").get("runId").asText();
    String link = answer.json().get("comparisonSvg").asText();
    assertEquals("/comparison.svg?sync=" + sync + "&async=" + async, link);
    assertError(api.get(link), 409, "sync", "is still running");
    delete(sync);
    delete(async);
  }

  @Test
  void onlyGetIsAllowed() {
    var answer = api.post("/comparison.svg?sync=a&async=b", "{}");
    assertError(answer, 405, null, "supported methods: GET");
  }

  private ApiClient.Answer delete(String runId) {
    return api.send(HttpRequest.newBuilder(api.uri("/runs/" + runId)).DELETE().build());
  }

  private static void assertError(ApiClient.Answer answer, int status, String field,
      String message) {
    assertEquals(status, answer.status(), answer.raw().body());
    assertEquals("application/json", answer.contentType());
    JsonNode error = answer.json();
    assertEquals(Map.of(400, "bad_request", 404, "not_found", 405, "method_not_allowed",
        409, "conflict").get(status), error.get("error").asText());
    if (field == null) {
      assertTrue(error.get("field").isNull(), error.toString());
    } else {
      assertEquals(field, error.get("field").asText(), error.toString());
    }
    assertTrue(error.get("message").asText().contains(message), error.toString());
  }

  private static Document parse(String svg) throws RuntimeException {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(
          svg.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("not XML: " + e.getMessage(), e);
    }
  }

  private static List<Element> groups(Document svg, String cls) {
    return SvgDom.withClass(svg.getDocumentElement(), "g", cls);
  }

  private static List<String> texts(Element parent, String cls) {
    return SvgDom.withClass(parent, "text", cls).stream().map(Element::getTextContent).toList();
  }

  private static Element latte(Element run) {
    return SvgDom.latte(run);
  }

  private static double attr(Element e, String name) {
    return Double.parseDouble(e.getAttribute(name));
  }
}
