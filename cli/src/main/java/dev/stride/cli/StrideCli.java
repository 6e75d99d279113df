package dev.stride.cli;

import dev.stride.cli.demo.DemoCommand;
import dev.stride.cli.stack.DownCommand;
import dev.stride.cli.stack.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/stride}: the local stack, the demo, and the verbs that talk to a running Stride. */
@Command(
    name = "stride",
    mixinStandardHelpOptions = true,
    version = "stride 0.1.0",
    description = "ConvNets on CIFAR-10 as a system: ingest, train, evaluate, serve.",
    subcommands = {DemoCommand.class, UpCommand.class, DownCommand.class})
public final class StrideCli {

  public static void main(String[] args) {
    System.exit(new CommandLine(new StrideCli()).execute(args));
  }
}
