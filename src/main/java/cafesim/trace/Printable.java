package cafesim.trace;

/**
 * Text made safe to print on one line of a log, a terminal or a text trace: every control
 * character is shown as an escape ({@code \n}, {@code \r}, {@code \t}, else {@code \u001b}
 * style), so a name cannot end a line, forge the next one or drive a terminal with ANSI codes.
 *
 * <p>Covers C0, DEL and C1, the Unicode line and paragraph separators, and the bidirectional
 * overrides (which can make a line read as something else). A backslash is left as it is, so
 * escaping twice changes nothing: a name spelled with a literal "\n" reads like one with a line
 * break in it, but neither can make a second line.
 */
public final class Printable {

  private Printable() {}

  /** {@code text} with its control characters escaped; null stays null. */
  public static String of(String text) {
    if (text == null || text.chars().noneMatch(Printable::isControl)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (isControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  static boolean isControl(int c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028 || c == 0x2029
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }
}
