package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input an attacker would send: every one gets a 400 (or 415) in JSON naming the field at
 * fault, creates no run, and leaves the service answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

  private final ApiClient api = new ApiClient();

  @AfterAll
  void stop() {
    api.close();
  }

  static Stream<Arguments> hostileBodies() {
    String al = "\"scenario\":\"americano-latte\"";
    return Stream.of(
        Arguments.of("{" + al + ",\"speed\":\"NaN\"}", "speed", "allowed: 0 < speed <= 1000"),
        Arguments.of("{" + al + ",\"speed\":\"Infinity\"}", "speed", "allowed: 0 < speed <= 1000"),
        Arguments.of("{" + al + ",\"speed\":NaN}", null, "malformed JSON"),
        Arguments.of("{" + al + ",\"speed\":-Infinity}", null, "malformed JSON"),
        Arguments.of("{" + al + ",\"speed\":1e309}", "speed", "Infinity"),
        Arguments.of("{" + al + ",\"failureRate\":-1e309}", "failureRate", "allowed: 0 to 1"),
        Arguments.of("{" + al + ",\"failureRate\":1e309}", "failureRate", "allowed: 0 to 1"),
        Arguments.of("{" + al + ",\"speed\":1e-9}", "speed", "raise 'speed' to at least"),
        Arguments.of("null", null, "the request body is null"),
        Arguments.of("\"americano\"", null, "expected a JSON object"),
        Arguments.of("42", null, "expected a JSON object"),
        Arguments.of("{" + al + ",\"speed\":1,\"speed\":1000}", "speed", "given twice"),
        Arguments.of("{\"customers\":[{\"name\":\"a\",\"name\":\"b\",\"drinks\":[\"latte\"]}]}",
            "customers[0].name", "given twice"),
        Arguments.of("{" + al + "}{" + al + "}", null, "goes on after its JSON object"),
        Arguments.of("{\"customers\":[{\"name\":\"a\nb\",\"drinks\":[\"latte\"]}]}",
            "customers[0].name", "has to be escaped"),
        Arguments.of("{\"customers\":[{\"name\":\"kim\\n11:30:00.000 ERROR FORGED\","
            + "\"drinks\":[\"latte\"]}]}", "customers[0].name", "U+000A"),
        Arguments.of("{\"customers\":[{\"name\":\"\\u001b[31mred\",\"drinks\":[\"latte\"]}]}",
            "customers[0].name", "U+001B"),
        Arguments.of("{\"customers\":[{\"name\":\"a\\u0001b\",\"drinks\":[\"latte\"]}]}",
            "customers[0].name", "U+0001"),
        Arguments.of("{\"customers\":[{\"name\":\"evil\\u202etxt\",\"drinks\":[\"latte\"]}]}",
            "customers[0].name", "U+202E"),
        Arguments.of("{\"customers\":[{\"name\":\"" + "x".repeat(65) + "\",\"drinks\":[\"latte\"]}]}",
            "customers[0].name", "1 to 64 characters"),
        Arguments.of("{" + al + ",\"seed\":1.5}", "seed", "64-bit integer as a decimal string"),
        Arguments.of("{" + al + ",\"seed\":9007199254740993}", "seed", "at most 2^53"),
        Arguments.of("{" + al + ",\"seed\":\"9223372036854775808\"}", "seed", "to \"9223372036854775807\""),
        Arguments.of("{" + al + ",\"seed\":\"0x2a\"}", "seed", "'0x2a'"),
        Arguments.of("{" + al + ",\"seed\":\"05\"}", "seed", "'05'"),
        Arguments.of("{" + al + ",\"seed\":\"-0\"}", "seed", "'-0'"),
        Arguments.of("{" + al + ",\"seed\":[42]}", "seed", "'[42]'"),
        Arguments.of("{\"customers\":[{\"drinks\":[\"" + "m".repeat(5000) + "\"]}]}",
            "customers[0].drinks[0]", "'" + "m".repeat(32) + "...'"),
        Arguments.of("{\"" + "k".repeat(40_000) + "\":1}", "k".repeat(96) + "...",
            "unknown field '" + "k".repeat(96) + "...'"),
        Arguments.of("{\"scenario\":" + "x".repeat(400) + "}", null,
            "Unrecognized token '" + "x".repeat(32) + "...'"),
        Arguments.of("{\"a\\nb\":1}", "a\\u000ab", "unknown field 'a\\u000ab'"),
        Arguments.of("{" + al + "} x", null, "Unrecognized token 'x': was expecting (JSON String,"),
        Arguments.of("{" + al, null, "expected close marker for Object (opened at line 1, column 1)"),
        Arguments.of("{\"speed\":1" + "0".repeat(1200) + "}", null, "beyond a limit of the JSON"
            + " reader: Number value length (1201) exceeds the maximum allowed (1000)"),
        Arguments.of("{\"a\":".repeat(2000) + "1" + "}".repeat(2000), null, "beyond a limit of"
            + " the JSON reader: Document nesting depth (1001) exceeds the maximum allowed (1000)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBodies")
  void hostileBodiesAreRefusedNamingTheField(String body, String field, String mentions) {
    int before = runsKept();
    var answer = api.post("/runs", body);
    assertEquals(400, answer.status(), answer.raw().body());
    assertEquals("application/json", answer.contentType());
    assertEquals("bad_request", answer.json().get("error").asText());
    assertTrue(answer.json().get("message").asText().contains(mentions), answer.raw().body());
    assertFalse(answer.json().get("message").asText().contains("Source"), "no parser internals");
    assertEquals(field, answer.json().get("field").isNull() ? null
        : answer.json().get("field").asText(), answer.raw().body());
    assertTrue(answer.raw().body().length() < 600, "the message quotes little of what was sent");
    assertEquals(before, runsKept(), "nothing was started");
  }

  static Stream<Arguments> hostileParameters() {
    return Stream.of(
        Arguments.of("/runs?limt=5", "limt", "unknown query parameter"),
        Arguments.of("/runs?limit=5&limit=6", "limit", "given twice"),
        Arguments.of("/runs?limit=", "limit", "allowed: 1 to 1000"),
        Arguments.of("/runs?limit=abc", "limit", "allowed: 1 to 1000"),
        Arguments.of("/runs?limit=0", "limit", "allowed: 1 to 1000"),
        // One spelling per number.
        Arguments.of("/runs?limit=%2B5", "limit", "'+5'; allowed: 1 to 1000"),
        Arguments.of("/runs?limit=05", "limit", "'05'; allowed: 1 to 1000"),
        Arguments.of("/runs?before=007", "before", "'007'; allowed: the 'next' of an earlier page"),
        Arguments.of("/health?verbose=1", "verbose", "allowed here: none"),
        Arguments.of("/runs/run-12345678/trace?format=svg&format=text", "format", "given twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileParameters")
  void unknownRepeatedOrEmptyParametersAreRefused(String path, String field, String mentions) {
    var answer = api.get(path);
    assertEquals(400, answer.status(), answer.raw().body());
    assertEquals(field, answer.json().get("field").asText());
    assertTrue(answer.json().get("message").asText().contains(mentions), answer.raw().body());
  }

  @Test
  void anEmptyOrRepeatedWaitIsRefusedAndStartsNothing() {
    int before = runsKept();
    for (String query : new String[] {"?wait=", "?wait=yes", "?wait=true&wait=true"}) {
      var answer = api.post("/runs" + query, "{\"scenario\":\"five-jobs\",\"speed\":1000}");
      assertEquals(400, answer.status(), query);
      assertEquals("wait", answer.json().get("field").asText(), query);
    }
    assertEquals(before, runsKept());
  }

  @Test
  void aSeedIsAnIntegerOrADecimalStringOfAnySixtyFourBitIntegerAndComesBackAsAString() {
    var min = api.post("/runs?wait=true",
        "{\"scenario\":\"five-jobs\",\"speed\":1000,\"seed\":\"-9223372036854775808\"}");
    assertEquals(200, min.status(), min.raw().body());
    assertEquals("-9223372036854775808", min.json().get("seed").asText());
    assertTrue(min.json().get("seed").isTextual());
    var exact = api.post("/runs?wait=true",
        "{\"scenario\":\"five-jobs\",\"speed\":1000,\"seed\":9007199254740992}");
    assertEquals("9007199254740992", exact.json().get("seed").asText());
    var compared = api.post("/runs/compare",
        "{\"scenario\":\"five-jobs\",\"speed\":1000}").json();
    assertEquals(compared.get("sync").get("seed"), compared.get("async").get("seed"),
        "one request, one seed: both sides draw the same luck");
  }

  /** JSON is UTF-8: a byte that is not is refused where it is, not read as a stand-in character. */
  @Test
  void aBodyThatIsNotUtf8IsRefused() {
    int before = runsKept();
    byte[] latin1 = "{\"speed\":1000,\"customers\":[{\"name\":\"caf\u00e9\",\"drinks\":[\"espresso\"]}]}"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    var answer = api.send(HttpRequest.newBuilder(api.uri("/runs"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)).build());
    assertEquals(400, answer.status(), answer.raw().body());
    assertTrue(answer.json().get("message").asText().contains("Invalid UTF-8"),
        answer.raw().body());
    assertEquals(before, runsKept(), "nothing was started");
    var utf8 = api.post("/runs?wait=true",
        "{\"speed\":1000,\"customers\":[{\"name\":\"caf\u00e9\",\"drinks\":[\"espresso\"]}]}");
    assertEquals(200, utf8.status(), utf8.raw().body());
    assertEquals("caf\u00e9", utf8.json().get("customers").get(0).get("name").asText());
  }

  /** An id no run can have is not looked up, and the answer quotes only its start. */
  @Test
  void aLongRunIdIsNotFoundAndQuotedShort() {
    String id = "run-" + "a".repeat(1000);
    for (String path : new String[] {"/runs/" + id, "/runs/" + id + "/trace",
        "/comparison.svg?sync=" + id + "&async=run-0000000000000000"}) {
      var answer = api.get(path);
      assertEquals(404, answer.status(), answer.raw().body());
      assertTrue(answer.json().get("message").asText().contains(
          "run 'run-" + "a".repeat(28) + "...' does not exist"), answer.raw().body());
      assertTrue(answer.raw().body().length() < 200, answer.raw().body());
    }
  }

  @Test
  void aCompressedBodyIsRefusedWith415() {
    var answer = api.send(HttpRequest.newBuilder(api.uri("/runs"))
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofString("{\"scenario\":\"five-jobs\"}")).build());
    assertEquals(415, answer.status());
    assertTrue(answer.json().get("message").asText().contains("Content-Encoding"));
  }

  @Test
  void headIsGetWithoutABodyAndOptionsListsTheMethods() {
    var head = api.send(HttpRequest.newBuilder(api.uri("/health"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, head.status());
    assertEquals("", head.raw().body());
    var options = api.send(HttpRequest.newBuilder(api.uri("/runs"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(204, options.status());
    assertEquals("GET, POST, HEAD, OPTIONS",
        options.raw().headers().firstValue("Allow").orElseThrow());
    var compare = api.send(HttpRequest.newBuilder(api.uri("/runs/compare"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals("POST, OPTIONS", compare.raw().headers().firstValue("Allow").orElseThrow());
  }

  private int runsKept() {
    return api.get("/runs?limit=1000").json().get("runs").size();
  }
}
