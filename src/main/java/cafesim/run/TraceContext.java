package cafesim.run;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's place in a W3C trace: the trace it belongs to, and its own span.
 *
 * @param traceId 32 lowercase hex digits, never all zeros
 * @param spanId 16 lowercase hex digits: the run's span
 * @param parentSpanId the caller's span the run is a child of; null for a trace's root
 */
public record TraceContext(String traceId, String spanId, String parentSpanId) {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** version-traceid-parentid-flags; version ff is forbidden, later versions may add fields. */
  private static final Pattern TRACEPARENT = Pattern.compile(
      "^(?!ff)([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$");

  /** A new trace, with the run as its root span. */
  public static TraceContext fresh() {
    return new TraceContext(hex(16), hex(8), null);
  }

  /**
   * The run joins the trace of a valid {@code traceparent} header; an absent or invalid one
   * starts a new trace, as the W3C recommendation says a receiver should.
   */
  public static TraceContext from(Optional<String> traceparent) {
    return traceparent.map(String::strip).map(TRACEPARENT::matcher)
        .filter(Matcher::matches)
        .filter(m -> m.group(1).equals("00") ? m.group(5) == null : true)
        .filter(m -> !m.group(2).matches("0+") && !m.group(3).matches("0+"))
        .map(m -> new TraceContext(m.group(2), hex(8), m.group(3)))
        .orElseGet(TraceContext::fresh);
  }

  /** A new span in the same trace: a run started as part of this one (one side of a comparison). */
  public TraceContext child() {
    return new TraceContext(traceId, hex(8), spanId);
  }

  /** The header that names this run's span to whoever reads the response. */
  public String traceparent() {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    do {
      RANDOM.nextBytes(random);
    } while (isZero(random));
    return HexFormat.of().formatHex(random);
  }

  private static boolean isZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
