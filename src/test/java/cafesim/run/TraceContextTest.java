package cafesim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TraceContextTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void aValidTraceparentIsAdoptedWithANewSpanForTheRun() {
    TraceContext trace = TraceContext.from(Optional.of("00-" + TRACE + "-00f067aa0ba902b7-01"));
    assertEquals(TRACE, trace.traceId());
    assertNotEquals("00f067aa0ba902b7", trace.spanId());
    assertTrue(trace.traceparent().matches("00-" + TRACE + "-[0-9a-f]{16}-01"));
    assertEquals("00f067aa0ba902b7", trace.parentSpanId(), "the caller's span is the parent");
  }

  @Test
  void aLaterVersionMayCarryMoreFields() {
    assertEquals(TRACE,
        TraceContext.from(Optional.of("01-" + TRACE + "-00f067aa0ba902b7-01-extra")).traceId());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "garbage",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"})
  void anInvalidOneStartsANewTrace(String header) {
    TraceContext trace = TraceContext.from(Optional.of(header));
    assertTrue(trace.traceId().matches("[0-9a-f]{32}"));
    assertNotEquals(TRACE, trace.traceId());
  }

  @Test
  void withoutAHeaderEveryRunStartsItsOwnTrace() {
    TraceContext a = TraceContext.from(Optional.empty());
    TraceContext b = TraceContext.from(Optional.empty());
    assertNotEquals(a.traceId(), b.traceId());
    assertEquals(a.traceId(), a.child().traceId());
    assertNotEquals(a.spanId(), a.child().spanId());
    assertEquals(a.spanId(), a.child().parentSpanId());
  }
}
