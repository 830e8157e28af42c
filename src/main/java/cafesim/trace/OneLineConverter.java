package cafesim.trace;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * {@code %oneline(...)} in a Logback pattern: what its children print, with control characters
 * escaped ({@link Printable}), so a message or an MDC value can neither end the log line nor
 * forge the next one. Registered in logback-text.xml.
 */
public final class OneLineConverter extends CompositeConverter<ILoggingEvent> {

  @Override
  protected String transform(ILoggingEvent event, String in) {
    return Printable.of(in);
  }
}
