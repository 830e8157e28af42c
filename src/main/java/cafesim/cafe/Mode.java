package cafesim.cafe;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** How a barista waits: the lesson of the seeds in one switch. */
public enum Mode {
  /** Like time.sleep: the barista stays with one drink until it is done. */
  SYNC,
  /** Like asyncio.sleep: the barista starts the brew and takes the next order meanwhile. */
  ASYNC;

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }

  public static Optional<Mode> parse(String label) {
    return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst();
  }
}
