package org.distill4ads.distill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.distill4ads.distill.serve.RecommendationJson;
import org.distill4ads.distill.serve.ResumableJsonl;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.distill.serve.TinyBundle;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code recommend --input}: JSON lines equal to the library's, streaming, resumable after a kill, never over a user's file. */
@Timeout(300)
class RecommendBulkTest {
    @TempDir
    static Path dir;
    static Path bundle;
    static List<String> texts;
    static Path items;

    @BeforeAll
    static void bundleAndItems() throws Exception {
        bundle = TinyBundle.write(dir);
        texts = TinyBundle.itemTexts(dir);
        items = dir.resolve("items.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String[] tc = texts.get(i).split(" \\| ", 2);
            // plain titles, JSON objects with and without ids, and blank lines, mixed
            lines.add(i % 3 == 0 ? tc[0] : i % 3 == 1
                    ? RecommendationJson.JSON.createObjectNode().put("id", "sku-" + i).put("title", tc[0]).put("category", tc.length > 1 ? tc[1] : "").toString()
                    : RecommendationJson.JSON.createObjectNode().put("title", tc[0]).put("category", tc.length > 1 ? tc[1] : "").toString());
            if (i % 10 == 9) {
                lines.add("");
            }
        }
        Files.write(items, lines, StandardCharsets.UTF_8);
    }

    /** What the library recommends for each line of items.txt, as the JSON line with its id. */
    static List<JsonNode> expected(Path itemsFile) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (ServingBundle b = ServingBundle.load(bundle)) {
            KeyphraseRecommender r = b.recommender(5, 20);   // as the commands below are run
            long n = 0;
            for (String line : Files.readAllLines(itemsFile)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String id = "line-" + n;
                String text = line;
                if (line.startsWith("{")) {
                    JsonNode o = RecommendationJson.JSON.readTree(line);
                    id = o.has("id") ? o.get("id").asText() : id;
                    String c = o.path("category").asText("");
                    text = c.isEmpty() ? o.get("title").asText() : o.get("title").asText() + " | " + c;
                }
                out.add(RecommendationJson.JSON.readTree(RecommendationJson.line(id, r.recommend(text))));
            }
        }
        return out;
    }

    static List<JsonNode> read(Path jsonl) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(jsonl)) {
            out.add(RecommendationJson.JSON.readTree(l));
        }
        return out;
    }

    @Test
    void eachItemIsOneJsonLineAsTheLibraryGivesIt() throws Exception {
        Path out = dir.resolve("all.jsonl");
        Cli.Result r = Cli.ok(rec("--input", items.toString(), "--out", out.toString(),
                "--batch-size", "7"));
        List<JsonNode> want = expected(items);
        assertEquals(want, read(out));
        assertEquals(texts.size(), want.size());
        assertTrue(r.err().contains("recommend: " + texts.size() + " items -> " + out + " ("), r.toString());
        assertFalse(Files.exists(ResumableJsonl.partialOf(out)), "the partial file is renamed into place");
        // standard output when there is no --out, and --json for titles given as arguments
        Cli.Result s = Cli.ok(rec("--input", items.toString()));
        assertEquals(want, s.out().lines().map(RecommendBulkTest::json).toList());
        Cli.Result j = Cli.ok(rec("--json", texts.get(0).split(" \\| ")[0]));
        assertEquals(want.get(0).get("kept"), json(j.out().strip()).get("kept"));
        assertEquals("item-1", json(j.out().strip()).get("id").asText());
    }

    @Test
    void aTornPartialFileIsResumedAfterItsLastCompleteLine() throws Exception {
        Path full = dir.resolve("torn-full.jsonl");
        Cli.ok(rec("--input", items.toString(), "--out", full.toString()));
        List<String> lines = Files.readAllLines(full);
        Path out = dir.resolve("torn.jsonl");
        // a kill in the middle of a write: three whole lines and half of the fourth
        String torn = String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, lines.get(3).length() / 2);
        Files.writeString(ResumableJsonl.partialOf(out), torn);
        Cli.Result r = Cli.ok(rec("--input", items.toString(), "--out", out.toString()));
        assertEquals(lines, Files.readAllLines(out));
        assertTrue(r.err().contains("(3 written before, resumed)"), r.toString());
    }

    @Test
    void aRunKilledMidwayResumesToTheSameOutput() throws Exception {
        Path big = dir.resolve("big.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            lines.add(RecommendationJson.JSON.createObjectNode().put("id", "b" + i).put("title", texts.get(i % texts.size())).toString());
        }
        Files.write(big, lines);
        Path out = dir.resolve("killed.jsonl");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path")));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());   // the same kernels as here
        command.addAll(List.of(Main.class.getName(), "recommend", "--bundle", bundle.toString(), "--k", "5", "--candidates", "20", "--input", big.toString(),
                "--out", out.toString(), "--batch-size", "1"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path partial = ResumableJsonl.partialOf(out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive() && lineCount(partial) < 20) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the child was still working when killed: " + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(out), "a killed run leaves no output under the final name");
        long written = lineCount(partial);
        assertTrue(written >= 20 && written < lines.size(), "killed midway, after " + written + " lines");

        Cli.Result r = Cli.ok(rec("--input", big.toString(), "--out", out.toString(),
                "--batch-size", "64"));
        assertTrue(r.err().contains("written before, resumed"), r.toString());
        Path fresh = dir.resolve("unkilled.jsonl");
        Cli.ok(rec("--input", big.toString(), "--out", fresh.toString(), "--batch-size", "64"));
        List<String> want = Files.readAllLines(fresh);
        List<String> got = Files.readAllLines(out);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), got.get(i), "line " + (i + 1) + " (" + written + " were written before the kill)");
        }
        assertEquals(lines.size(), Files.readAllLines(out).size());
    }

    @Test
    void itNeverWritesOverAUsersFileOrItsInputAndRefusesAPartialOfAnotherInput() throws Exception {
        Path mine = dir.resolve("mine.jsonl");
        Files.writeString(mine, "my notes\n");
        Cli.fails(2, rec("--input", items, "--out", mine), mine + " exists", "--overwrite");
        assertEquals("my notes\n", Files.readString(mine));
        Cli.ok(rec("--input", items.toString(), "--out", mine.toString(), "--overwrite"));
        assertEquals(expected(items), read(mine));

        Cli.fails(2, rec("--input", items, "--out", items), "items.txt");
        assertTrue(Files.readString(items).length() > 100, "the input is untouched");
        Cli.fails(2, rec("--out", dir.resolve("o.jsonl"), "a title"), "--out goes with --input");
        Cli.fails(2, Cli.args("recommend", "--bundle", bundle), "give item titles (TITLE...) as arguments, or --input");

        Path other = dir.resolve("other.jsonl");
        Files.writeString(ResumableJsonl.partialOf(other), "{\"id\":\"zz\",\"item\":\"x\",\"kept\":[],\"dropped\":[]}\n");
        Cli.fails(1, rec("--input", items, "--out", other),
                "items.txt:1", "item id 'line-1', but line 1 of", "is item 'zz'", "--overwrite to start over");

        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "a title\n{\"title\": \"b\", \"colour\": \"red\"}\n");
        Cli.fails(1, rec("--input", bad), "bad.txt:2", "unknown field \"colour\"");
    }

    /** recommend on the tiny bundle, keeping 5 of 20 candidates (as {@link #expected} does), then {@code rest}. */
    static String[] rec(Object... rest) {
        Object[] all = new Object[7 + rest.length];
        System.arraycopy(new Object[] {"recommend", "--bundle", bundle, "--k", "5", "--candidates", "20"}, 0, all, 0, 7);
        System.arraycopy(rest, 0, all, 7, rest.length);
        return Cli.args(all);
    }

    private static JsonNode json(String s) {
        try {
            return RecommendationJson.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }

    private static long lineCount(Path f) throws Exception {
        if (!Files.exists(f)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(f);
        long n = 0;
        for (byte x : b) {
            n += x == '\n' ? 1 : 0;
        }
        return n;
    }
}
