package cafesim.trace;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as people write them: 1000.0 as "1000", 0.5 as "0.5". */
public final class Numbers {

  private Numbers() {}

  /** The shortest decimal that is exactly {@code value} as a double: 8.0 as "8", 2.5 as "2.5". */
  public static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /**
   * {@code value} rounded half up to at most {@code decimals} places, trailing zeros dropped:
   * 1.6 as "1.6", 5/3 at 2 places as "1.67", 2.0 as "2". {@code value} must be finite.
   */
  public static String rounded(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString();
  }

  /** A simulated total as a slide shows it: 8.0 as "8 s", 2.5 as "2.5 s" (exact, see plain). */
  public static String seconds(double value) {
    return plain(value) + " s";
  }

  /** A speedup as a slide shows it: at most 2 decimals, then "x": 1.6 as "1.6x", 5.0 as "5x". */
  public static String times(double ratio) {
    return rounded(ratio, 2) + "x";
  }
}
