package dev.stride.cli;

import dev.stride.cli.client.IngestCommand;
import dev.stride.cli.client.PredictCommand;
import dev.stride.cli.client.RollbackCommand;
import dev.stride.cli.client.RunsCommand;
import dev.stride.cli.client.TrainCommand;
import dev.stride.cli.demo.DemoCommand;
import dev.stride.cli.model.ModelCommand;
import dev.stride.cli.stack.DownCommand;
import dev.stride.cli.stack.UpCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/stride}: the local stack, the demo, and the verbs (some talk to a running Stride). */
@Command(
    name = "stride",
    mixinStandardHelpOptions = true,
    version = "stride 0.1.0",
    description = "ConvNets on CIFAR-10 as a system: ingest, train, evaluate, serve.",
    subcommands = {
      DemoCommand.class,
      UpCommand.class,
      DownCommand.class,
      IngestCommand.class,
      TrainCommand.class,
      RunsCommand.class,
      PredictCommand.class,
      RollbackCommand.class,
      ModelCommand.class
    })
public final class StrideCli {

  public static void main(String[] args) {
    // shapes print as 10×10×3 and formulas as ⌊(n−k)/s⌋+1, whatever the platform's default charset
    CommandLine cli =
        new CommandLine(new StrideCli())
            .setOut(
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
            .setErr(
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    System.exit(cli.execute(args));
  }
}
