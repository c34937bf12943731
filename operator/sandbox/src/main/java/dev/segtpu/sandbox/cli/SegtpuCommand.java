package dev.segtpu.sandbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code segtpu}: the command-line entry point (today: the local sandbox). */
@Command(name = "segtpu", mixinStandardHelpOptions = true, version = "segtpu 0.1.0",
    description = "Segmentation training on Cloud TPUs in GKE: local sandbox and tools.",
    subcommands = {SandboxCommand.class, PlanCommand.class})
public final class SegtpuCommand {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with its error handling: a {@link UserError} is one line on stderr and exit code 2. */
  public static CommandLine commandLine() {
    return new CommandLine(new SegtpuCommand()).setExecutionExceptionHandler((error, command, parsed) -> {
      if (error instanceof UserError) {
        command.getErr().println("segtpu: " + error.getMessage());
        return UserError.EXIT_CODE;
      }
      throw error;
    });
  }
}
