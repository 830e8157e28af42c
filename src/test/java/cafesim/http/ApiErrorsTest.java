package cafesim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad requests get a JSON error naming the problem, create no run, and leave the service up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiErrorsTest {

  private final ApiClient api = new ApiClient();

  @AfterAll
  void stop() {
    api.close();
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("unknown scenario", "{\"scenario\":\"nope\"}", 404, "americano-latte"),
        Arguments.of("bad mode", "{\"scenario\":\"americano-latte\",\"mode\":\"fast\"}", 400, "'mode'"),
        Arguments.of("speed 0", "{\"scenario\":\"americano-latte\",\"speed\":0}", 400, "'speed'"),
        Arguments.of("negative speed", "{\"scenario\":\"americano-latte\",\"speed\":-1}", 400, "0 < speed <= 1000"),
        Arguments.of("speed too high", "{\"scenario\":\"americano-latte\",\"speed\":1001}", 400, "'speed'"),
        Arguments.of("speed as a string", "{\"scenario\":\"americano-latte\",\"speed\":\"10\"}", 400, "'speed' must be a number"),
        Arguments.of("speed NaN", "{\"scenario\":\"americano-latte\",\"speed\":NaN}", 400, "malformed JSON"),
        Arguments.of("no scenario nor customers", "{}", 400, "'scenario', 'customers' or 'arrivals' is required"),
        Arguments.of("both scenario and customers",
            "{\"scenario\":\"five-jobs\",\"customers\":[{\"drinks\":[\"latte\"]}]}", 400, "not both"),
        Arguments.of("unknown drink", "{\"customers\":[{\"name\":\"kim\",\"drinks\":[\"mocha\"]}]}", 400, "'customers[0].drinks' has 'mocha'"),
        Arguments.of("arriving before the start", "{\"customers\":[{\"drinks\":[\"latte\"],\"arriveAtSeconds\":-1}]}", 400, "'customers[0].arriveAtSeconds' is -1; allowed: 0 to 1000000000"),
        Arguments.of("arriving past the timeline's end", "{\"clock\":\"virtual\",\"customers\":[{\"drinks\":[\"latte\"],\"arriveAtSeconds\":1e13}]}", 400, "'customers[0].arriveAtSeconds' is 10000000000000; allowed: 0 to 1000000000"),
        Arguments.of("patience past the timeline's end", "{\"customers\":[{\"drinks\":[\"latte\"],\"patienceSeconds\":1e300}]}", 400, "'customers[0].patienceSeconds' is 1.0E300; allowed: more than 0, at most 1000000000"),
        Arguments.of("arriving as text", "{\"customers\":[{\"drinks\":[\"latte\"],\"arriveAtSeconds\":\"soon\"}]}", 400, "arriveAtSeconds"),
        Arguments.of("arriving too late for the longest run", "{\"customers\":[{\"drinks\":[\"latte\"],\"arriveAtSeconds\":1e9}]}", 400, "even at the top speed (1000) a run may take at most 600000"),
        Arguments.of("patience of zero", "{\"customers\":[{\"drinks\":[\"latte\"],\"patienceSeconds\":0}]}", 400, "'customers[0].patienceSeconds' is 0; allowed: more than 0"),
        Arguments.of("arrivals without a count", "{\"arrivals\":{\"perSecond\":1,\"drinks\":[\"latte\"]}}", 400, "'arrivals.count' is missing; allowed: 1 to 100000"),
        Arguments.of("too many arrivals", "{\"arrivals\":{\"count\":100001,\"perSecond\":1,\"drinks\":[\"latte\"]}}", 400, "'arrivals.count' is 100001"),
        Arguments.of("unknown arrival process", "{\"arrivals\":{\"count\":5,\"process\":\"bursty\",\"perSecond\":1,\"drinks\":[\"latte\"]}}", 400, "'arrivals.process' is 'bursty'; allowed values: poisson, uniform, at-once"),
        Arguments.of("negative arrival rate", "{\"arrivals\":{\"count\":5,\"perSecond\":-1,\"drinks\":[\"latte\"]}}", 400, "'arrivals.perSecond' is -1; allowed: 0.000000005 to 1000000"),
        Arguments.of("guests too slow for the timeline", "{\"clock\":\"virtual\",\"arrivals\":{\"count\":5,\"perSecond\":1e-320,\"drinks\":[\"latte\"]}}", 400, "'arrivals.perSecond' is 1.0E-320; allowed: 0.000000005 to 1000000"),
        Arguments.of("a virtual run past the timeline's end", "{\"clock\":\"virtual\",\"menu\":[{\"name\":\"latte\",\"brewSeconds\":86400}],\"arrivals\":{\"count\":1000000,\"process\":\"at-once\",\"drinks\":[\"latte\"],\"drinksPerCustomer\":100}}", 400, "may take up to 8640000000000 simulated seconds, and a run's timeline may reach at most 1000000000"),
        Arguments.of("a listed guest's name", "{\"customers\":[{\"name\":\"guest-2\",\"drinks\":[\"latte\"]}],\"arrivals\":{\"count\":2,\"process\":\"at-once\",\"drinks\":[\"espresso\"]}}", 400, "'customers[0].name': 'guest-2' is how the arriving guests are named"),
        Arguments.of("a name of two words", "{\"customers\":[{\"name\":\"kim    9.000s  RUN_COMPLETED\",\"drinks\":[\"latte\"]}]}", 400, "'customers[0].name' has the character U+0020; allowed: one word of printable text"),
        Arguments.of("a name that is a dash", "{\"customers\":[{\"name\":\"-\",\"drinks\":[\"latte\"]}]}", 400, "'customers[0].name' is '-', which the logs use for no one"),
        Arguments.of("a drink shorter than a microsecond", "{\"menu\":[{\"name\":\"mocha\",\"brewSeconds\":1e-320}],\"customers\":[{\"drinks\":[\"mocha\"]}]}", 400, "'menu[0].brewSeconds' is 1.0E-320; allowed: 0, or 0.000001 to 86400"),
        Arguments.of("a warm-up past the timeline's end", "{\"scenario\":\"five-jobs\",\"warmupSeconds\":1e308}", 400, "'warmupSeconds' is 1.0E308; allowed: 0 to 1000000000"),
        Arguments.of("arrival rate missing", "{\"arrivals\":{\"count\":5,\"process\":\"uniform\",\"drinks\":[\"latte\"]}}", 400, "'arrivals.perSecond' is missing"),
        Arguments.of("arrivals with no drinks", "{\"arrivals\":{\"count\":5,\"perSecond\":1}}", 400, "'arrivals.drinks' needs 1 or more drinks"),
        Arguments.of("arrivals of a drink not on the menu", "{\"arrivals\":{\"count\":5,\"perSecond\":1,\"drinks\":[\"mocha\"]}}", 400, "'arrivals.drinks' has 'mocha', which is not on the menu"),
        Arguments.of("weights that do not match the drinks", "{\"arrivals\":{\"count\":5,\"perSecond\":1,\"drinks\":[\"latte\",\"espresso\"],\"weights\":[1]}}", 400, "'arrivals.weights' has 1 entry and 'arrivals.drinks' 2 entries"),
        Arguments.of("a negative weight", "{\"arrivals\":{\"count\":5,\"perSecond\":1,\"drinks\":[\"latte\"],\"weights\":[-1]}}", 400, "'arrivals.weights[0]' is -1; allowed: 0 or more"),
        Arguments.of("weights of nothing", "{\"arrivals\":{\"count\":5,\"perSecond\":1,\"drinks\":[\"latte\"],\"weights\":[0]}}", 400, "adds up to 0"),
        Arguments.of("too many drinks a guest", "{\"arrivals\":{\"count\":5,\"perSecond\":1,\"drinks\":[\"latte\"],\"drinksPerCustomer\":0}}", 400, "'arrivals.drinksPerCustomer' is 0; allowed: 1 to 100"),
        Arguments.of("negative guest patience", "{\"arrivals\":{\"count\":5,\"perSecond\":1,\"drinks\":[\"latte\"],\"patienceSeconds\":-3}}", 400, "'arrivals.patienceSeconds' is -3"),
        Arguments.of("more drinks than may ever be in flight", "{\"arrivals\":{\"count\":100000,\"process\":\"at-once\",\"drinks\":[\"espresso\"],\"drinksPerCustomer\":3},\"speed\":1000}", 400, "this run orders 300000 drinks"),
        Arguments.of("a scenario with arrivals", "{\"scenario\":\"five-jobs\",\"arrivals\":{\"count\":5,\"perSecond\":1,\"drinks\":[\"latte\"]}}", 400, "give either 'scenario' or 'arrivals'"),
        Arguments.of("an empty menu", "{\"menu\":[],\"customers\":[{\"drinks\":[\"latte\"]}]}", 400, "field 'menu' has 0 entries; allowed: 1 to 20"),
        Arguments.of("a drink without a name", "{\"menu\":[{\"brewSeconds\":1}],\"customers\":[{\"drinks\":[\"latte\"]}]}", 400, "'menu[0].name' is required"),
        Arguments.of("a drink of negative time", "{\"menu\":[{\"name\":\"mocha\",\"handsOnSeconds\":-1}],\"customers\":[{\"drinks\":[\"mocha\"]}]}", 400, "'menu[0].handsOnSeconds' is -1; allowed: 0, or 0.000001 to 86400"),
        Arguments.of("a drink of no time", "{\"menu\":[{\"name\":\"mocha\"}],\"customers\":[{\"drinks\":[\"mocha\"]}]}", 400, "a drink must take some time"),
        Arguments.of("an unknown variability", "{\"menu\":[{\"name\":\"mocha\",\"brewSeconds\":2,\"variability\":\"gamma\"}],\"customers\":[{\"drinks\":[\"mocha\"]}]}", 400, "'menu[0].variability' is 'gamma'; allowed values: fixed, exponential"),
        Arguments.of("a drink twice on the menu", "{\"menu\":[{\"name\":\"mocha\",\"brewSeconds\":2},{\"name\":\"mocha\",\"brewSeconds\":3}],\"customers\":[{\"drinks\":[\"mocha\"]}]}", 400, "'menu[1].name': 'mocha' is used twice"),
        Arguments.of("a negative warm-up", "{\"scenario\":\"five-jobs\",\"warmupSeconds\":-1}", 400, "'warmupSeconds' is -1; allowed: 0 to 1000000000"),
        Arguments.of("an unknown clock", "{\"scenario\":\"five-jobs\",\"clock\":\"sundial\"}", 400, "'clock' is 'sundial'; allowed values: realtime, virtual"),
        Arguments.of("an unknown trace level", "{\"scenario\":\"five-jobs\",\"trace\":\"verbose\"}", 400, "'trace' is 'verbose'; allowed values: full, summary"),
        Arguments.of("a speed on the virtual clock", "{\"scenario\":\"five-jobs\",\"clock\":\"virtual\",\"speed\":10}", 400, "'speed' is not allowed with clock 'virtual'"),
        Arguments.of("too many virtual arrivals", "{\"clock\":\"virtual\",\"arrivals\":{\"count\":1000001,\"perSecond\":1,\"drinks\":[\"latte\"]}}", 400, "allowed: 1 to 1000000 (cafesim.runs.max-virtual-arrivals)"),
        Arguments.of("unknown order", "{\"customers\":[{\"drinks\":[\"latte\"],\"order\":\"later\"}]}", 400, "together, one-by-one"),
        Arguments.of("no customers", "{\"customers\":[]}", 400, "'customers'"),
        Arguments.of("customer without drinks", "{\"customers\":[{\"name\":\"kim\",\"drinks\":[]}]}", 400, "'customers[0].drinks'"),
        Arguments.of("name twice", "{\"customers\":[{\"name\":\"kim\",\"drinks\":[\"latte\"]},{\"name\":\"kim\",\"drinks\":[\"latte\"]}]}", 400, "used twice"),
        Arguments.of("name not a string", "{\"customers\":[{\"name\":5,\"drinks\":[\"latte\"]}]}", 400, "'customers[0].name' must be a string"),
        Arguments.of("zero baristas", "{\"scenario\":\"five-jobs\",\"baristas\":0}", 400, "'baristas'"),
        Arguments.of("too many baristas", "{\"scenario\":\"five-jobs\",\"baristas\":101}", 400, "1 to 100"),
        Arguments.of("fractional baristas", "{\"scenario\":\"five-jobs\",\"baristas\":1.5}", 400, "'baristas' must be a whole number"),
        Arguments.of("baristas out of range", "{\"scenario\":\"five-jobs\",\"baristas\":99999999999}", 400, "'baristas' is out of range"),
        Arguments.of("null drink", "{\"customers\":[{\"drinks\":[\"latte\",null]}]}", 400, "'customers[0].drinks[1]' is null"),
        Arguments.of("failure rate above 1", "{\"scenario\":\"five-jobs\",\"failureRate\":1.5}", 400, "'failureRate' is 1.5; allowed: 0 to 1"),
        Arguments.of("negative failure rate", "{\"scenario\":\"five-jobs\",\"failureRate\":-0.1}", 400, "'failureRate'"),
        Arguments.of("more customers than the limit", manyCustomers(1001), 400, "allowed: 1 to 1000"),
        Arguments.of("more drinks than the limit",
            "{\"customers\":[{\"drinks\":[" + "\"espresso\",".repeat(100) + "\"espresso\"]}]}",
            400, "1 to 100 drinks"),
        Arguments.of("negative machines", "{\"scenario\":\"five-jobs\",\"machines\":-1}", 400, "'machines'"),
        Arguments.of("unknown field", "{\"scenario\":\"five-jobs\",\"colour\":\"red\"}", 400, "unknown field 'colour'"),
        Arguments.of("malformed JSON", "{\"scenario\":", 400, "malformed JSON"),
        Arguments.of("empty body", "", 400, "empty"),
        Arguments.of("not an object", "[1,2]", 400, "JSON object"),
        Arguments.of("longer than a run may take",
            "{\"customers\":[{\"drinks\":[\"latte\",\"latte\",\"latte\",\"latte\",\"latte\"]}],\"speed\":0.001}",
            400, "raise 'speed' to at least 0.042"));
  }

  private static String manyCustomers(int n) {
    StringBuilder b = new StringBuilder("{\"customers\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{\"drinks\":[\"espresso\"]}");
    }
    return b.append("]}").toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void badRunRequestsAreRefusedInJson(String what, String body, int status, String mentions) {
    int runsBefore = runsKept();
    var answer = api.post("/runs", body);
    assertError(answer, status, mentions);
    assertEquals(runsBefore, runsKept(), "no run was created");
    assertEquals("UP", api.get("/health").json().get("status").asText());
  }

  @ParameterizedTest(name = "compare: {0}")
  @MethodSource("badBodies")
  void badComparisonsAreRefusedToo(String what, String body, int status, String mentions) {
    if (what.equals("bad mode") || what.equals("too slow to wait for")) {
      return;
    }
    assertError(api.post("/runs/compare", body), status, mentions);
  }

  @org.junit.jupiter.api.Test
  void aComparisonMustNotNameAMode() {
    assertError(api.post("/runs/compare", "{\"scenario\":\"five-jobs\",\"mode\":\"sync\"}"),
        400, "'mode' is not allowed");
  }

  @org.junit.jupiter.api.Test
  void wrongContentTypeIs415() {
    assertError(api.post("/runs", "text/plain", "{\"scenario\":\"five-jobs\"}"), 415,
        "application/json");
  }

  @org.junit.jupiter.api.Test
  void wrongMethodIs405() {
    // Allow lists what OPTIONS lists: HEAD where GET is, and OPTIONS.
    var delete = api.send(HttpRequest.newBuilder(api.uri("/runs")).DELETE().build());
    assertError(delete, 405, "supported methods: GET, POST, HEAD, OPTIONS");
    assertEquals("GET, POST, HEAD, OPTIONS",
        delete.raw().headers().firstValue("Allow").orElseThrow());
    var getCompare = api.get("/runs/compare");
    assertError(getCompare, 405, "supported methods: POST, OPTIONS");
    assertEquals("POST, OPTIONS", getCompare.raw().headers().firstValue("Allow").orElseThrow());
    assertError(api.send(HttpRequest.newBuilder(api.uri("/health"))
        .POST(HttpRequest.BodyPublishers.noBody()).build()), 405, "GET");
  }

  @org.junit.jupiter.api.Test
  void unknownRunAndPathAre404() {
    assertError(api.get("/runs/run-00000000"), 404, "run 'run-00000000' does not exist");
    assertError(api.get("/coffee"), 404, "/health, /menu, /scenarios, /runs");
  }

  @org.junit.jupiter.api.Test
  void aBodyOverTheSizeLimitIs413() {
    String huge = "{\"scenario\":\"five-jobs\",\"pad\":\"" + "x".repeat(2200 * 1024) + "\"}";
    assertError(api.post("/runs", huge), 413, "larger than the limit");
    assertEquals("UP", api.get("/health").json().get("status").asText());
  }

  @org.junit.jupiter.api.Test
  void anOverLongPathIsRefusedInJsonToo() {
    var answer = api.get("/runs/" + "r".repeat(3000));
    assertEquals(414, answer.status());
    assertEquals("application/json", answer.contentType());
    assertTrue(answer.json().get("message").asText().contains("URI"));
    assertEquals("UP", api.get("/health").json().get("status").asText());
  }

  @org.junit.jupiter.api.Test
  void badQueryParametersAre400() {
    assertError(api.post("/runs?wait=maybe", "{\"scenario\":\"five-jobs\"}"), 400, "'wait'");
    assertError(api.get("/runs?limit=0"), 400, "'limit'");
  }

  private void assertError(ApiClient.Answer answer, int status, String mentions) {
    assertEquals(status, answer.status(), answer.raw().body());
    assertEquals("application/json", answer.contentType());
    assertFalse(answer.json().get("error").asText().isBlank());
    String message = answer.json().get("message").asText();
    assertTrue(message.contains(mentions), message);
    assertFalse(message.matches("(?s).*(Exception|cafesim\\.[a-z]+\\.[A-Z]|\\bat [a-z]+\\.).*"),
        "no class names or stack traces: " + message);
  }

  private int runsKept() {
    return api.get("/runs?limit=1000").json().get("runs").size();
  }
}
