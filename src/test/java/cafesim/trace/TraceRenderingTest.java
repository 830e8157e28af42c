package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.Message;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.RunReport;
import cafesim.run.RunSpec;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.run.RunSpec.Faults;
import cafesim.run.Scenarios;
import cafesim.testing.VirtualTime;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The renderings of americano-latte, from runs on virtual time. */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceRenderingTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final Settings settings = Settings.from(VirtualTime.config());

  private RunTrace run(String scenario, Mode mode) {
    var found = Scenarios.find(scenario).orElseThrow();
    RunSpec spec = found.toSpec(settings.menu(), mode, 1, 1, 0);
    RunReport report = VirtualTime.runFor(testKit, spec, Math.round(found.expectedSeconds().of(mode)));
    return RunTrace.of(report);
  }

  @Test
  void theSvgHasOneBarPerDrinkAtItsSimulatedTimes() throws Exception {
    Document async = svg(run("americano-latte", Mode.ASYNC));
    assertEquals(List.of("americano 0 3", "latte 0 5"), drinks(async));
    assertEquals("svg", async.getDocumentElement().getLocalName());
    String title = async.getElementsByTagNameNS("*", "text").item(0).getTextContent();
    assertEquals("americano-latte (async): 5.000 s, expected 5.000 s", title);

    Document sync = svg(run("americano-latte", Mode.SYNC));
    assertEquals(List.of("americano 0 3", "latte 3 8"), drinks(sync));
    assertEquals(2, count(sync, "brewing blocked"), "in sync the barista stands by each brew");
    assertEquals(0, count(async, "brewing blocked"));
  }

  @Test
  void handsOnAndBrewingAreTwoPartsOfOneBar() throws Exception {
    Document handsOn = svg(run("hands-on", Mode.ASYNC));
    assertEquals(List.of("pour-over 0 1", "pour-over 1 2", "pour-over 2 3", "pour-over 3 4",
        "pour-over 4 5"), drinks(handsOn));
    assertEquals(5, count(handsOn, "hands-on"));
    assertEquals(0, count(handsOn, "brewing"));
  }

  @Test
  void eachTryABaristaSlippedOnIsABarOfItsOwn() throws Exception {
    RunSpec spec = new RunSpec(null, Mode.ASYNC, 1, 1, 0, List.of(new CustomerSpec("main",
        List.of(settings.menu().get("americano")), OrderStyle.TOGETHER)), null)
        .withFaults(new Faults(1.0, 3));
    Document svg = svg(RunTrace.of(VirtualTime.runFor(testKit, spec, 9)));
    assertEquals(List.of("americano 0 3", "americano 3 6", "americano 6 9"), drinks(svg));
    List<Element> tries = SafeRenderingTest.groups(svg, "drink");
    assertEquals(List.of("true", "true", "true"),
        tries.stream().map(g -> g.getAttribute("data-slipped")).toList());
    assertEquals(List.of("", "", "true"),
        tries.stream().map(g -> g.getAttribute("data-given-up")).toList(), "the last try");
    assertEquals(3, count(svg, "slip"), "outlined");
    assertEquals("americano for main: 6.000 s to 9.000 s, slipped, given up (barista-1 slipped"
        + " at the end of brewing; given up after 3 tries)",
        tries.get(2).getElementsByTagNameNS("*", "title").item(0).getTextContent());
  }

  @Test
  void aRunningRunDrawsTheDrinkInTheMakingToItsLastInstant() throws Exception {
    RunTrace done = run("americano-latte", Mode.ASYNC);
    RunTrace running = new RunTrace(done.runId(), done.traceId(), done.scenario(), done.mode(),
        done.speed(), done.baristas(), done.expectedSeconds(), "RUNNING", null,
        done.events().stream().filter(e -> e.atSeconds() <= 3).toList(),
        done.messages().stream().filter(m -> m.atSeconds() <= 3).toList(), null);
    Document svg = svg(running);
    assertEquals(List.of("americano 0 3", "latte 0 3"), drinks(svg));
    Element latte = SafeRenderingTest.groups(svg, "drink").get(1);
    assertEquals("true", latte.getAttribute("data-unfinished"));
    assertEquals("", SafeRenderingTest.groups(svg, "drink").get(0).getAttribute("data-unfinished"));
    assertEquals(1, count(svg, "in-progress"));
    assertEquals("americano-latte (async): running, expected 5.000 s",
        svg.getElementsByTagNameNS("*", "text").item(0).getTextContent());
  }

  @Test
  void theMermaidDiagramNamesEveryMessage() {
    RunTrace trace = run("find-users", Mode.ASYNC);
    String mermaid = SequenceDiagram.render(trace);
    assertTrue(mermaid.startsWith("sequenceDiagram\n"));
    List<String> arrows = mermaid.lines().filter(l -> l.contains("->>")).toList();
    assertEquals(trace.messages().size(), arrows.size());
    for (int i = 0; i < arrows.size(); i++) {
      Message m = trace.messages().get(i);
      String expected = m.from().replace('-', '_') + "->>" + m.to().replace('-', '_') + ": "
          + m.messageType();
      assertTrue(arrows.get(i).strip().startsWith(expected), arrows.get(i) + " for " + m);
    }
    for (String type : List.of("Arrive", "Make", "BaristaFree", "BrewDone", "DrinkReady", "Serve",
        "Collected")) {
      assertTrue(arrows.stream().anyMatch(a -> a.contains(": " + type)), type);
    }
    assertTrue(mermaid.contains("participant customer_1 as caller-1"), mermaid);
  }

  @Test
  void theTextTimelineHasAHeaderAndALinePerEvent() {
    RunTrace trace = run("americano-latte", Mode.SYNC);
    List<String> lines = TimelineText.render(trace).lines().toList();
    assertTrue(lines.get(0).matches("test americano-latte sync speed 1: COMPLETED in 8\\.000 s "
        + "\\(expected 8\\.000 s\\)"), lines.get(0));
    assertEquals(trace.events().size() + 1, lines.size());
    assertEquals("3.000s  DRINK_STARTED   main         latte        by barista-1",
        lines.get(6).strip());
  }

  private static Document svg(RunTrace trace) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(
        GanttSvg.render(trace).getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> drinks(Document svg) {
    List<String> drinks = new ArrayList<>();
    NodeList groups = svg.getElementsByTagNameNS("*", "g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").equals("drink")) {
        drinks.add(g.getAttribute("data-drink") + " " + g.getAttribute("data-start") + " "
            + g.getAttribute("data-end"));
      }
    }
    return drinks;
  }

  private static int count(Document svg, String rectClass) {
    int n = 0;
    NodeList rects = svg.getElementsByTagNameNS("*", "rect");
    for (int i = 0; i < rects.getLength(); i++) {
      if (((Element) rects.item(i)).getAttribute("class").equals(rectClass)) {
        n++;
      }
    }
    return n;
  }
}
