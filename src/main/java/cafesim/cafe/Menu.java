package cafesim.cafe;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The drinks the cafe makes, in the order the configuration lists them. */
public record Menu(List<Drink> drinks) {

  public Menu {
    drinks = List.copyOf(drinks);
  }

  /** Reads {@code cafesim.menu}: a list of {name, brew, hands-on} with HOCON durations. */
  public static Menu fromConfig(Config config) {
    return new Menu(
        config.getConfigList("cafesim.menu").stream()
            .map(item -> new Drink(
                item.getString("name"),
                seconds(item, "brew"),
                seconds(item, "hands-on")))
            .toList());
  }

  private static double seconds(Config item, String path) {
    return item.hasPath(path) ? item.getDuration(path).toNanos() / 1e9 : 0.0;
  }

  /** This menu with {@code more}: each added at the end, or in place of the drink it names. */
  public Menu with(List<Drink> more) {
    List<Drink> all = new java.util.ArrayList<>(drinks);
    for (Drink drink : more) {
      int same = names(all).indexOf(drink.name());
      if (same >= 0) {
        all.set(same, drink);
      } else {
        all.add(drink);
      }
    }
    return new Menu(all);
  }

  private static List<String> names(List<Drink> drinks) {
    return drinks.stream().map(Drink::name).toList();
  }

  public Optional<Drink> find(String name) {
    return drinks.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  public Drink get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "drink '" + name + "' is not on the menu; the menu has: " + names()));
  }

  public String names() {
    return drinks.stream().map(Drink::name).collect(Collectors.joining(", "));
  }
}
