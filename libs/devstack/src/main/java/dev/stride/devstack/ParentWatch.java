package dev.stride.devstack;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of a devstack child JVM: {@code ParentWatch <parent pid> <main class> <args...>}. It
 * runs the main class and exits (running its shutdown hooks) as soon as the parent process is gone.
 */
public final class ParentWatch {

  private ParentWatch() {}

  public static void main(String[] args) throws Exception {
    long parentPid = Long.parseLong(args[0]);
    Thread watch =
        new Thread(
            () -> {
              ProcessHandle.of(parentPid).ifPresent(parent -> parent.onExit().join());
              System.err.println("devstack: parent process " + parentPid + " is gone, stopping");
              System.exit(0);
            },
            "devstack-parent-watch");
    watch.setDaemon(true);
    watch.start();

    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
