package org.distill4ads.distill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code distill4ads} command line. Exit codes: 0 success, 1 failure while running,
 * 2 bad usage (unknown flag, bad value).
 */
@Command(name = "distill4ads", mixinStandardHelpOptions = true, version = "distill4ads 0.1.0-SNAPSHOT",
        description = "Distill LLM relevance judgments into keyphrase-recommendation models.",
        subcommands = {PipelineCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static {
        // ND4J logs its native set-up at INFO; keep the terminal for our own output.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("java.awt.headless", "true");
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("distill4ads: " + ex.getMessage());
            if (Boolean.getBoolean("distill4ads.verbose")) {
                ex.printStackTrace(line.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }
}
