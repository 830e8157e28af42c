package cafesim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Totals exact and short; speedups at most two decimals; no trailing zeros either way. */
class NumbersTest {

  @Test
  void aTotalIsTheShortestExactDecimal() {
    assertEquals("8 s", Numbers.seconds(8.0));
    assertEquals("5 s", Numbers.seconds(5));
    assertEquals("2.5 s", Numbers.seconds(2.5));
    assertEquals("0.1 s", Numbers.seconds(0.1));
    assertEquals("1000 s", Numbers.seconds(1000.0), "never 1E+3");
    assertEquals("8.000001 s", Numbers.seconds(8.000001), "exact, not rounded");
    assertEquals("0 s", Numbers.seconds(0));
  }

  @Test
  void aSpeedupIsRoundedToAtMostTwoDecimals() {
    assertEquals("1.6x", Numbers.times(8.0 / 5.0));
    assertEquals("5x", Numbers.times(5.0));
    assertEquals("1.67x", Numbers.times(5.0 / 3.0));
    assertEquals("1.8x", Numbers.times(1.8000000000000003));
    assertEquals("1.01x", Numbers.times(1.005), "half up, from the decimal written");
    assertEquals("0.63x", Numbers.times(5.0 / 8.0));
    assertEquals("100x", Numbers.times(100.0));
    assertEquals("1x", Numbers.times(1.0001));
  }

  @Test
  void roundedKeepsAtMostTheDecimalsAsked() {
    assertEquals("0.13", Numbers.rounded(0.125, 2));
    assertEquals("2", Numbers.rounded(2.0, 2));
    assertEquals("3", Numbers.rounded(2.5, 0));
  }
}
