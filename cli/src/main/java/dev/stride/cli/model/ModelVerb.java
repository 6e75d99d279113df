package dev.stride.cli.model;

import dev.stride.nn.spec.SpecException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the model verbs share: output through picocli's writers (so tests can capture it), and a
 * spec that does not check out or a file that cannot be read reported in one line, exit code 1.
 */
abstract class ModelVerb implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Writes the verb's result to {@code out}. */
  abstract void run(PrintWriter out) throws IOException;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      run(out);
      out.flush();
      return 0;
    } catch (SpecException | IOException e) {
      PrintWriter err = spec.commandLine().getErr();
      String problem =
          e instanceof IOException
              ? e.getClass().getSimpleName() + ": " + e.getMessage()
              : e.getMessage();
      err.println(spec.qualifiedName() + ": " + problem);
      err.flush();
      return 1;
    }
  }
}
