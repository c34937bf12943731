package dev.segtpu.trainer.config;

/** A bad, unknown or contradictory setting: the trainer exits with code 2 and this message. */
public final class ConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public static ConfigurationException of(Setting setting, String problem) {
    return new ConfigurationException(setting.display() + ": " + problem);
  }
}
