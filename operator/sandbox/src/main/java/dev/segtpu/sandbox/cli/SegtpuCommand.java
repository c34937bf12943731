package dev.segtpu.sandbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code segtpu}: the command-line entry point (today: the local sandbox). */
@Command(name = "segtpu", mixinStandardHelpOptions = true, version = "segtpu 0.1.0",
    description = "Segmentation training on Cloud TPUs in GKE: local sandbox and tools.",
    subcommands = {SandboxCommand.class})
public final class SegtpuCommand {

  public static void main(String[] args) {
    System.exit(new CommandLine(new SegtpuCommand()).execute(args));
  }
}
