package org.distill4ads.distill.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s refusals, before anything is loaded or bound: one line, the right exit code. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void badFlagsAndAMissingBundleAreOneLineErrors() throws Exception {
        Cli.fails(2, Cli.args("serve"), "Missing required option", "DIR");
        Cli.fails(2, Cli.args("serve", "--model", dir, "--port", "70000"), "port must be in [0, 65535], got 70000");
        Cli.fails(2, Cli.args("serve", "--model", dir, "--threads", "2"), "threads must be at least 4");
        Cli.fails(2, Cli.args("serve", "--model", dir, "--k", "0"), "need 1 <= --k <= --candidates, got --k 0");
        Cli.fails(2, Cli.args("serve", "--model", dir, "--threshold", "1.5"), "--threshold must be a probability in [0, 1], got 1.5");
        Cli.fails(2, Cli.args("serve", "--model", dir, "--max-items", "0"), "limits must be positive");
        Cli.fails(1, Cli.args("serve", "--model", dir.resolve("nope")), "nope");
        Files.createDirectories(dir.resolve("empty"));
        Cli.fails(1, Cli.args("serve", "--model", dir.resolve("empty")), "empty", "student");
    }
}
