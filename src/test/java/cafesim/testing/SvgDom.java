package cafesim.testing;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Finding things in a parsed SVG picture, for the tests of the timeline and the comparison. */
public final class SvgDom {

  private SvgDom() {}

  /** The {@code tag} elements under {@code parent} whose class is {@code cls}. */
  public static List<Element> withClass(Element parent, String tag, String cls) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getElementsByTagNameNS("*", tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (e.getAttribute("class").equals(cls)) {
        found.add(e);
      }
    }
    return found;
  }

  /** The latte's (only) bar in a band: its first rectangle. */
  public static Element latte(Element run) {
    NodeList groups = run.getElementsByTagNameNS("*", "g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("data-drink").equals("latte")) {
        return (Element) g.getElementsByTagNameNS("*", "rect").item(0);
      }
    }
    throw new AssertionError("no latte");
  }
}
