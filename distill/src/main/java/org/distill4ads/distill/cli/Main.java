package org.distill4ads.distill.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code distill4ads} command line. Exit codes: 0 success, 1 failure while running,
 * 2 bad usage (unknown flag, bad value, no command at all: the usage goes to standard error). A failure
 * is one line, {@code distill4ads: <message>}; {@code --verbose} (or {@code -Ddistill4ads.verbose=true})
 * adds the stack trace. Every command has {@code --help} and {@code --version}. See docs/cli.md.
 */
@Command(name = "distill4ads", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Distill LLM relevance judgments into keyphrase-recommendation models.",
        subcommands = {PipelineCommand.class, DemoCommand.class, SimulateCommand.class, LabelCommand.class,
                TrainCrossEncoderCommand.class, TeacherScoresCommand.class, TrainBiEncoderCommand.class, IndexCommand.class,
                RecommendCommand.class, EvaluateCommand.class, ExportCommand.class, ServeCommand.class,
                SparkRecommendCommand.class, SparkScoreCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
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

    /** No command given: the usage on standard error, and exit code 2 (bad usage). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        standardOptions(cl);
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

    /** {@code --help} and {@code --version} (the project's version) on every command, however it was declared. */
    private static void standardOptions(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                continue;
            }
            CommandLine.Model.CommandSpec s = sub.getCommandSpec();
            if (!s.mixinStandardHelpOptions()) {
                s.mixinStandardHelpOptions(true);
            }
            s.versionProvider(new VersionProvider());
            standardOptions(sub);
        }
    }
}
