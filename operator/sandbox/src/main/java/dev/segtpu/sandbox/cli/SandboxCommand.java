package dev.segtpu.sandbox.cli;

import picocli.CommandLine.Command;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = "A local Kubernetes API with simulated GKE TPU node pools that really run the trainer.",
    subcommands = {SandboxUpCommand.class, SandboxRunCommand.class, SandboxBenchCommand.class})
final class SandboxCommand {}
