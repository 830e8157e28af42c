package cafesim.cafe;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** How a customer orders several drinks. */
public enum OrderStyle {
  /** All at once, then wait for all of them: asyncio.gather. */
  TOGETHER("together"),
  /** The next only when the last has come: an awaited loop. */
  ONE_BY_ONE("one-by-one");

  private final String label;

  OrderStyle(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  public static Optional<OrderStyle> parse(String label) {
    return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
  }
}
