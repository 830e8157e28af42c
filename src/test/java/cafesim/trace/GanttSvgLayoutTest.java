package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafesim.Settings;
import cafesim.cafe.CafeEvent.Type;
import cafesim.cafe.Menu;
import cafesim.cafe.Mode;
import cafesim.cafe.OrderStyle;
import cafesim.run.Run;
import cafesim.run.RunReport;
import cafesim.run.RunSpec;
import cafesim.run.RunSpec.CustomerSpec;
import cafesim.run.RunSpec.Faults;
import cafesim.run.TraceContext;
import cafesim.testing.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The picture of a busy run (20 customers, 3 baristas who slip now and then, hands-on and brewed
 * drinks), finished and half-way: every try is drawn, and no two labels overlap.
 * With -Dcafesim.svg.dir=DIR the pictures are also written there, to look at.
 */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GanttSvgLayoutTest {

  @JUnit5TestKit
  ActorTestKit testKit = VirtualTime.testKit();

  private final Menu menu = Settings.from(VirtualTime.config()).menu();

  private RunReport crowd(Mode mode) throws Exception {
    List<CustomerSpec> customers = new ArrayList<>();
    String[][] orders = {{"americano", "latte"}, {"espresso"}, {"pour-over", "espresso"},
        {"latte"}, {"americano", "pour-over", "espresso"}};
    for (int c = 1; c <= 20; c++) {
      customers.add(new CustomerSpec("customer-" + c,
          List.of(orders[c % orders.length]).stream().map(menu::get).toList(),
          c % 2 == 0 ? OrderStyle.TOGETHER : OrderStyle.ONE_BY_ONE));
    }
    RunSpec spec = new RunSpec(null, mode, 1, 3, 2, customers, null)
        .withFaults(new Faults(0.15, 3));
    CompletableFuture<RunReport> done = new CompletableFuture<>();
    ActorRef<RunReport> reply = testKit.spawn(Behaviors.receiveMessage(report -> {
      done.complete(report);
      return Behaviors.stopped();
    }));
    testKit.spawn(Run.create("crowd-" + mode.label(), TraceContext.fresh(), spec, Run.Bounds.NONE,
        VirtualTime.clock(testKit), reply, "cafesim.quiet"));
    // On virtual time, a second at a time until it ends (when depends on the slips).
    ManualTime time = ManualTime.get(testKit.system());
    for (int second = 0; second < 600; second++) {
      time.timePasses(Duration.ofSeconds(1));
      try {
        return done.get(20, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        // the next second
      }
    }
    throw new AssertionError("the crowd did not finish in 600 simulated seconds");
  }

  @Test
  void everyTryIsABarAndNoLabelsOverlap() throws Exception {
    for (Mode mode : Mode.values()) {
      RunReport report = crowd(mode);
      assertEquals(RunReport.Status.COMPLETED, report.status());
      RunTrace run = RunTrace.of(report);
      Document svg = SafeRenderingTest.parse(write(GanttSvg.render(run), "crowd-" + mode.label()));

      long tries = run.events().stream().filter(e -> e.type() == Type.DRINK_STARTED).count();
      long ready = run.events().stream().filter(e -> e.type() == Type.DRINK_READY).count();
      List<Element> bars = SafeRenderingTest.groups(svg, "drink");
      assertEquals(tries, bars.size(), "a bar per try, slipped ones too");
      assertEquals(tries - ready, bars.stream()
          .filter(g -> g.getAttribute("data-slipped").equals("true")).count());
      assertEquals(20, SafeRenderingTest.groups(svg, "wait").size());
      assertNoOverlap(svg);
    }
  }

  @Test
  void aRunningRunDrawsItsUnfinishedDrinksAsUnfinished() throws Exception {
    RunTrace done = RunTrace.of(crowd(Mode.ASYNC));
    double half = done.simulatedSeconds() / 2;
    RunTrace running = new RunTrace(done.runId(), done.traceId(), null, done.mode(),
        done.speed(), done.baristas(), null, "RUNNING", null,
        done.events().stream().filter(e -> e.atSeconds() <= half).toList(),
        done.messages().stream().filter(m -> m.atSeconds() <= half).toList(), null);
    Document svg = SafeRenderingTest.parse(write(GanttSvg.render(running), "crowd-running"));

    Map<String, Integer> open = new HashMap<>();
    running.events().forEach(e -> {
      String key = e.customerNo() + "." + e.drinkNo();
      switch (e.type()) {
        case DRINK_STARTED -> open.merge(key, 1, Integer::sum);
        case DRINK_READY, BARISTA_FAILED, DRINK_RETRIED -> open.computeIfPresent(key,
            (k, n) -> n > 1 ? n - 1 : null);
        default -> { }
      }
    });
    List<Element> unfinished = SafeRenderingTest.groups(svg, "drink").stream()
        .filter(g -> g.getAttribute("data-unfinished").equals("true")).toList();
    assertTrue(!open.isEmpty(), "half-way, some drinks are being made");
    assertEquals(open.size(), unfinished.size());
    String now = Numbers.plain(running.simulatedSeconds());
    for (Element g : unfinished) {
      assertEquals(now, g.getAttribute("data-end"), "drawn to the run's last instant");
      assertEquals(1, g.getElementsByTagNameNS("*", "path").getLength(), "with an open end");
    }
    long served = running.events().stream().filter(e -> e.type() == Type.CUSTOMER_SERVED)
        .count();
    assertEquals(20 - served, SafeRenderingTest.groups(svg, "wait").stream()
        .filter(g -> g.getAttribute("data-unfinished").equals("true")).count(),
        "a customer not served yet is still waiting");
    assertNoOverlap(svg);
  }

  /**
   * Label boxes from the text positions: the estimated width (as wide as GanttSvg assumes, which
   * is generous) and the font size in height. No two texts' boxes may intersect.
   */
  private static void assertNoOverlap(Document svg) {
    record Box(String text, double x, double y, double w, double h) {
      boolean meets(Box o) {
        return x < o.x + o.w && o.x < x + w && y - h < o.y && o.y - o.h < y;
      }
    }
    List<Box> boxes = new ArrayList<>();
    NodeList texts = svg.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element t = (Element) texts.item(i);
      double size = Double.parseDouble(t.hasAttribute("font-size") ? t.getAttribute("font-size")
          : "12");
      String s = t.getTextContent();
      boxes.add(new Box(s, Double.parseDouble(t.getAttribute("x")),
          Double.parseDouble(t.getAttribute("y")),
          s.codePointCount(0, s.length()) * GanttSvg.CHAR_EM * size, size));
    }
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        assertTrue(!boxes.get(i).meets(boxes.get(j)), boxes.get(i) + " overlaps " + boxes.get(j));
      }
    }
  }

  private static String write(String svg, String name) throws Exception {
    String dir = System.getProperty("cafesim.svg.dir");
    if (dir != null) {
      Files.writeString(Path.of(dir, name + ".svg"), svg);
    }
    return svg;
  }
}
