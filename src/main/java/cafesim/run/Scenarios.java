package cafesim.run;

import static cafesim.cafe.OrderStyle.ONE_BY_ONE;
import static cafesim.cafe.OrderStyle.TOGETHER;

import cafesim.run.Scenario.Expected;
import cafesim.run.Scenario.Guest;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The seed examples (shared/seeds/README.md), told with the cafe's drinks, and a morning rush.
 * The expected totals are what the seeds state, with the default menu; the tests check that
 * the actors arrive at them.
 */
public final class Scenarios {

  private Scenarios() {}

  /** The seed examples: each with the totals its seed states. */
  public static final List<Scenario> SEEDS = List.of(
      new Scenario("americano-latte",
          "An americano (3 s) and a latte (5 s) ordered together: concurrently they take 5 s, "
              + "not 8, and come back in the order asked.",
          "004_1486a00ff8b17f7e.txt", new Expected(8, 5),
          List.of(new Guest("main", TOGETHER, List.of("americano", "latte")))),
      new Scenario("find-users",
          "Three callers look up 3, 2 and 1 users, one second each, one after another inside "
              + "each caller: the callers interleave when the barista does not block.",
          "000_7cdef3c80704b7ec.txt", new Expected(6, 3),
          List.of(
              new Guest("caller-1", ONE_BY_ONE, Collections.nCopies(3, "espresso")),
              new Guest("caller-2", ONE_BY_ONE, Collections.nCopies(2, "espresso")),
              new Guest("caller-3", ONE_BY_ONE, Collections.nCopies(1, "espresso")))),
      new Scenario("three-calls",
          "Three calls of 5, 3 and 1 s gathered: they end 3, 2, 1 and the results still come "
              + "back in call order 1, 2, 3.",
          "002_64260c08f2553126.txt", new Expected(9, 5),
          List.of(new Guest("main", TOGETHER, List.of("latte", "americano", "espresso")))),
      new Scenario("five-jobs",
          "Five one-second jobs gathered: all five start, then all five finish.",
          "003_e887424773b769a1.txt", new Expected(5, 1),
          List.of(new Guest("main", TOGETHER, Collections.nCopies(5, "espresso")))),
      new Scenario("hands-on",
          "Five drinks of 1 s hands-on work and no brewing: the barista is busy the whole "
              + "time, so async gains nothing (seed 004: concurrency pays only for waiting).",
          "004_1486a00ff8b17f7e.txt", new Expected(5, 5),
          List.of(new Guest("main", TOGETHER, Collections.nCopies(5, "pour-over")))));

  /** A cafe under a crowd: no seed, no exact total; its statistics are the answer. */
  public static final Scenario MORNING_RUSH =
      new Scenario("morning-rush",
          "Half an hour of the morning rush: a guest every 1.25 s on average (Poisson), mostly "
              + "espressos, 2 baristas, and nobody waits more than 10 s for a start. A barista "
              + "who stands by each brew (sync) is busy most of the time and people walk out; "
              + "one who starts the next drink while it brews (async) keeps the line short.",
          null, null, 2,
          // About 30 minutes of arrivals: 0.8 a second times 1800 s.
          new Scenario.Crowd(1440, Arrivals.Process.POISSON, 0.8,
              List.of("espresso", "americano", "latte", "pour-over"), List.of(3.0, 2.0, 1.0, 1.0),
              1, 10.0),
          List.of());

  /** Every scenario: the seed examples, then the morning rush. */
  public static final List<Scenario> ALL = Stream.concat(SEEDS.stream(), Stream.of(MORNING_RUSH))
      .toList();


  public static Optional<Scenario> find(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public static String names() {
    return String.join(", ", ALL.stream().map(Scenario::name).toList());
  }
}
