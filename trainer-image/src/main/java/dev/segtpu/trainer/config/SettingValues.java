package dev.segtpu.trainer.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Raw setting strings with typed, range-checked reads whose errors name the setting. */
final class SettingValues {

  private final Map<Setting, String> values = new EnumMap<>(Setting.class);

  void put(Setting setting, String value) {
    values.put(setting, value.trim());
  }

  boolean isSet(Setting setting) {
    return values.containsKey(setting) && !values.get(setting).isEmpty();
  }

  Optional<String> text(Setting setting) {
    return isSet(setting) ? Optional.of(values.get(setting)) : Optional.empty();
  }

  String text(Setting setting, String fallback) {
    return text(setting).orElse(fallback);
  }

  String required(Setting setting) {
    return text(setting).orElseThrow(() -> ConfigurationException.of(setting, "is required"));
  }

  long integer(Setting setting, long fallback, long min, long max) {
    long value = text(setting).map(t -> parse(setting, t, Long::parseLong, "an integer")).orElse(fallback);
    if (value < min || value > max) {
      throw ConfigurationException.of(setting, "must be in " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  long requiredInteger(Setting setting, long min, long max) {
    required(setting);
    return integer(setting, 0, min, max);
  }

  double number(Setting setting, double fallback, double min, double max) {
    double value = text(setting).map(t -> parse(setting, t, Double::parseDouble, "a number")).orElse(fallback);
    if (!(value >= min && value <= max)) {
      throw ConfigurationException.of(setting, "must be in " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  <T> List<T> list(Setting setting, Function<String, T> parser, String kind) {
    List<T> result = new ArrayList<>();
    text(setting).ifPresent(t -> {
      for (String part : t.split(",")) {
        result.add(parse(setting, part.trim(), parser, "a comma-separated list of " + kind));
      }
    });
    return result;
  }

  <T> T parse(Setting setting, String text, Function<String, T> parser, String expected) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw ConfigurationException.of(setting, "expected " + expected + ", got '" + text + "'"
          + (e.getMessage() != null && !(e instanceof NumberFormatException) ? " (" + e.getMessage() + ")" : ""));
    }
  }
}
