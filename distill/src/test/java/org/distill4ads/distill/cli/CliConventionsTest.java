package org.distill4ads.distill.cli;

import static org.distill4ads.distill.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.retrieval.EmbeddingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The conventions every command keeps (docs/cli.md): {@code --help} and {@code --version} on each,
 * no command at all is bad usage, and {@code --json} puts exactly one JSON object on standard output
 * with the text lines moved to standard error.
 */
class CliConventionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Every subcommand's name but {@code help}, from the command line itself. */
    static List<String> commands() {
        List<String> names = new ArrayList<>(new CommandLine(new Main()).getSubcommands().keySet());
        names.remove("help");
        return names;
    }

    /** The project's version, from the parent pom (what the build filters into version.properties). */
    static String pomVersion() throws Exception {
        String pom = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>distill4ads-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "no version in the parent pom");
        return m.group(1);
    }

    @Test
    void noArgumentsPrintsTheUsageOnStandardErrorAndExitsTwo() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.code(), r.toString());
        assertEquals("", r.out(), "nothing on standard output: " + r);
        assertTrue(r.err().startsWith("Usage: distill4ads "), r.toString());
        for (String c : commands()) {
            assertTrue(r.err().contains("  " + c + " "), c + " not listed in the usage: " + r.err());
        }
        // --verbose alone is still no command
        assertEquals(2, Cli.run("--verbose").code());
    }

    @Test
    void everyCommandPrintsTheProjectVersionAndItsHelp() throws Exception {
        String expected = "distill4ads " + pomVersion();
        assertEquals(expected, VersionProvider.version().isEmpty() ? "" : "distill4ads " + VersionProvider.version());
        List<String> commands = commands();
        assertTrue(commands.size() >= 11 && commands.contains("pipeline") && commands.contains("recommend"), commands.toString());
        List<String[]> calls = new ArrayList<>();
        calls.add(new String[] {"--version"});
        for (String c : commands) {
            calls.add(new String[] {c, "--version"});
            calls.add(new String[] {c, "-V"});
        }
        for (String[] call : calls) {
            Cli.Result r = Cli.run(call);
            assertEquals(0, r.code(), String.join(" ", call) + ": " + r);
            List<String> lines = r.out().lines().toList();
            assertEquals(expected, lines.get(0), String.join(" ", call) + ": " + r);
            assertTrue(lines.get(1).startsWith("Java " + System.getProperty("java.version")), r.toString());
            assertEquals("", r.err(), r.toString());
        }
        for (String c : commands) {
            Cli.Result h = ok(c, "--help");
            assertTrue(h.out().startsWith("Usage: distill4ads " + c), h.toString());
            assertTrue(h.out().contains("-V, --version"), c + " --help lists --version: " + h.out());
        }
    }

    @Test
    void jsonOnEveryStepCommandIsOneObjectThatAgreesWithTheFiles() throws Exception {
        Path data = dir.resolve("data");
        JsonNode sim = json(ok("simulate", "--out", data.toString(), "--items", "40", "--keyphrases", "50", "--seed", "5",
                "--held-out", "0.25", "--json"), "simulate", "simulated 40 items");
        assertEquals(40, sim.get("items").asInt());
        assertEquals(DataFiles.readKeyphrases(data.resolve("keyphrases.tsv")).size(), sim.get("keyphrases").asInt());
        assertEquals(5, sim.get("seed").asLong());
        assertEquals(10, sim.get("heldOutItems").asInt());
        assertEquals(data.toString(), sim.get("out").asText());

        Path labels = dir.resolve("labels.tsv");
        JsonNode lab = json(ok("label", "--data", data.toString(), "--out", labels.toString(), "--candidates", "4", "--random",
                "2", "--json"), "label", "wrote ");
        var judgments = DataFiles.readJudgments(labels);
        assertEquals(judgments.size(), lab.get("judgments").asInt());
        assertEquals(judgments.stream().filter(j -> j.relevant()).count(), lab.get("relevant").asLong());
        assertEquals(30, lab.get("items").asInt(), "the 30 training items");
        assertTrue(lab.get("judge").asText().startsWith("simulated judge"), lab.toString());

        JsonNode ce = json(ok(CliChainTest.concat(new String[] {"train-cross-encoder", "--data", data.toString(), "--labels",
                labels.toString(), "--out", dir.resolve("ce").toString(), "--json"}, CliChainTest.TINY)), "train-cross-encoder",
                "trained for 5 steps");
        assertEquals(5, ce.get("steps").asInt());
        assertTrue(Double.isFinite(ce.get("finalLoss").asDouble()) && ce.get("finalLoss").asDouble() > 0, ce.toString());
        assertEquals(dir.resolve("ce").toString(), ce.get("out").asText());

        Path teacher = dir.resolve("teacher.tsv");
        JsonNode ts = json(ok("teacher-scores", "--data", data.toString(), "--model", dir.resolve("ce").toString(), "--out",
                teacher.toString(), "--candidates", "4", "--random", "2", "--json"), "teacher-scores", "scored ");
        assertEquals(DataFiles.readRelevance(teacher).size(), ts.get("pairs").asInt());

        JsonNode be = json(ok(CliChainTest.concat(new String[] {"train-bi-encoder", "--data", data.toString(), "--out",
                dir.resolve("be").toString(), "--teacher-scores", teacher.toString(), "--dims", "16,8", "--json"},
                CliChainTest.TINY)), "train-bi-encoder", "trained for 5 steps");
        assertEquals("pearson", be.get("variant").asText());
        assertEquals(List.of(16, 8), List.of(be.get("dims").get(0).asInt(), be.get("dims").get(1).asInt()));
        assertTrue(be.get("finalLosses").has("teacher") && be.get("finalLosses").has("clicks"), be.toString());

        Path index = dir.resolve("kp.index");
        JsonNode ix = json(ok("index", "--model", dir.resolve("be").toString(), "--keyphrases",
                data.resolve("keyphrases.tsv").toString(), "--out", index.toString(), "--json"), "index", "indexed ");
        EmbeddingStore store = EmbeddingStore.load(index);
        assertEquals(store.size(), ix.get("keyphrases").asInt());
        assertEquals(16, ix.get("dimensions").asInt());

        JsonNode demo = json(ok("demo", "--steps", "400", "--seed", "3", "--json"), "demo", "same seed, same run: true");
        assertTrue(demo.get("sameSeedSameRun").asBoolean());
        assertTrue(demo.get("finalLoss").asDouble() < 0.05, demo.toString());
    }

    @Test
    void jsonOfTheRunFolderCommandsHoldsTheEvaluationResults() throws Exception {
        Path run = TinyRun.createUnevaluated(dir.resolve("run"));
        JsonNode eval = json(ok("evaluate", "--run", run.toString(), "--json"), "evaluate", "[evaluation] done");
        EvaluationResults stored = EvaluationResults.read(new RunLayout(run).evaluation());
        assertEquals(JSON.readTree(JSON.writeValueAsString(stored)), eval.get("results"),
                "the printed results are those evaluation/results.json holds");
        assertEquals(stored.systems().size(), eval.get("results").get("systems").size());

        Path bundle = dir.resolve("bundle");
        JsonNode exp = json(ok("export", "--run", run.toString(), "--out", bundle.toString(), "--json"), "export",
                "exported the ");
        assertEquals((float) stored.threshold(), (float) exp.get("threshold").asDouble());
        assertTrue(exp.get("thresholdFromEvaluation").asBoolean());
        assertEquals(EmbeddingStore.load(bundle.resolve("keyphrases.index")).size(), exp.get("keyphrases").asInt());
    }

    /**
     * Checks a --json run: standard output is one line, a JSON object naming {@code command}, and the
     * text lines (holding {@code textFragment}) went to standard error.
     */
    static JsonNode json(Cli.Result r, String command, String textFragment) throws Exception {
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line on standard output: " + r);
        JsonNode node = JSON.readTree(lines.get(0));
        assertTrue(node.isObject(), r.toString());
        assertEquals(command, node.get("command").asText(), r.toString());
        assertTrue(r.err().contains(textFragment), "the text lines go to standard error: " + r);
        assertFalse(r.out().contains(textFragment) && !lines.get(0).contains(textFragment), r.toString());
        return node;
    }
}
