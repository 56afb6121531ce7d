package org.distill4ads.distill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code distill4ads} command line. Exit codes: 0 success, 1 failure while running,
 * 2 bad usage (unknown flag, bad value). A failure is one line, {@code distill4ads: <message>};
 * {@code --verbose} (or {@code -Ddistill4ads.verbose=true}) adds the stack trace. See docs/cli.md.
 */
@Command(name = "distill4ads", mixinStandardHelpOptions = true, version = "distill4ads 0.1.0-SNAPSHOT",
        description = "Distill LLM relevance judgments into keyphrase-recommendation models.",
        subcommands = {PipelineCommand.class, DemoCommand.class, SimulateCommand.class, LabelCommand.class,
                TrainCrossEncoderCommand.class, TeacherScoresCommand.class, TrainBiEncoderCommand.class, IndexCommand.class,
                RecommendCommand.class, EvaluateCommand.class, ExportCommand.class, SparkRecommendCommand.class, SparkScoreCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static {
        // ND4J logs its native set-up at INFO; keep the terminal for our own output.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        // ...but show our own progress lines (training steps) when no progress bar is drawn.
        System.setProperty("org.slf4j.simpleLogger.log.org.distill4ads",
                System.getProperty("org.slf4j.simpleLogger.log.org.distill4ads", "info"));
        System.setProperty("org.slf4j.simpleLogger.showThreadName",
                System.getProperty("org.slf4j.simpleLogger.showThreadName", "false"));
        System.setProperty("org.slf4j.simpleLogger.showLogName",
                System.getProperty("org.slf4j.simpleLogger.showLogName", "false"));
        System.setProperty("java.awt.headless", "true");
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private boolean verbose = Boolean.getBoolean("distill4ads.verbose");

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "on a failure, print the stack trace too (as -Ddistill4ads.verbose=true does)")
    void setVerbose(boolean v) {
        verbose = verbose || v;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        TrainBiEncoderCommand.describeVariants(cl.getSubcommands().get("train-bi-encoder").getCommandSpec());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof org.distill4ads.distill.data.OutputRefusedException) {   // bad usage: exit 2
                line.getErr().println("distill4ads: " + Failures.oneLine(ex.getMessage()) + " (see "
                        + line.getCommandSpec().qualifiedName() + " --help)");
                return line.getCommandSpec().exitCodeOnInvalidInput();
            }
            line.getErr().println("distill4ads: " + Failures.describe(ex));
            if (main.verbose) {
                ex.printStackTrace(line.getErr());
            }
            return 1;
        });
        cl.setParameterExceptionHandler((ex, given) -> {
            CommandLine line = ex.getCommandLine();
            line.getErr().println("distill4ads: " + Failures.oneLine(ex.getMessage())
                    + " (see " + line.getCommandSpec().qualifiedName() + " --help)");
            if (main.verbose) {
                ex.printStackTrace(line.getErr());
            }
            return line.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl.execute(args);
    }
}
