package cafesim.trace;

import java.math.BigDecimal;

/** Numbers as people write them: 1000.0 as "1000", 0.5 as "0.5". */
public final class Numbers {

  private Numbers() {}

  public static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
