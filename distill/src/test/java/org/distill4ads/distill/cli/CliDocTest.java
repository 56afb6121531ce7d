package org.distill4ads.distill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/cli.md shows each command's --help as the command prints it today. */
class CliDocTest {
    @Test
    void everyHelpBlockMatchesTheCommandsHelp() throws IOException {
        String doc = Files.readString(doc());
        Matcher m = Pattern.compile("### `distill4ads ([a-z-]+)`\\n.*?```text help\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        Map<String, String> blocks = new LinkedHashMap<>();
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
        assertEquals(java.util.List.of("pipeline", "simulate", "label", "train-cross-encoder", "teacher-scores", "train-bi-encoder", "index",
                "recommend", "evaluate", "export", "serve", "spark-recommend", "spark-score"), java.util.List.copyOf(blocks.keySet()));
        blocks.forEach((command, help) -> assertEquals(help, Cli.ok(command, "--help").out().replace("\r\n", "\n"),
                "docs/cli.md, " + command + " --help"));
    }

    private static Path doc() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path doc = p.resolve("docs/cli.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException("docs/cli.md not found above " + Path.of("").toAbsolutePath());
    }
}
