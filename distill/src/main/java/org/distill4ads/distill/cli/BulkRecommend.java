package org.distill4ads.distill.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.distill4ads.distill.data.DataFormatException;
import org.distill4ads.distill.data.OutputGuard;
import org.distill4ads.distill.serve.RecommendationJson;
import org.distill4ads.distill.serve.ResumableJsonl;
import org.distill4ads.distill.serve.TitleLines;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;

/**
 * {@code recommend --input}: items streamed from a file or standard input, in batches, one JSON
 * line out per item, with a progress line on standard error every few seconds. With {@code --out}
 * the lines go through a {@link ResumableJsonl}: a run that was killed resumes after the last item
 * it wrote, checking that the input starts with the items already written.
 */
final class BulkRecommend {
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    private final KeyphraseRecommender recommender;
    private final String category;
    private final int batchSize;
    private final PrintStream progress;

    BulkRecommend(KeyphraseRecommender recommender, String category, int batchSize, PrintStream progress) {
        this.recommender = recommender;
        this.category = category;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    /**
     * Reads {@code input} ("-": standard input), writes to {@code out} (null: standard output); the
     * last line on standard error says how many items and with which {@code settings}.
     */
    void run(String input, Path out, boolean overwrite, List<Path> modelInputs, String settings) throws IOException {
        boolean stdin = input.equals("-");
        Path file = stdin ? null : Path.of(input);
        if (file != null) {
            CliFiles.requireFile(file, "a file of item titles, one a line (or - for standard input)");
        }
        String name = stdin ? "standard input" : input;
        ResumableJsonl sink = null;
        if (out != null) {
            List<Path> inputs = new ArrayList<>(modelInputs);
            if (file != null) {
                inputs.add(file);
            }
            OutputGuard.file(out, inputs);
            OutputGuard.file(ResumableJsonl.partialOf(out), inputs);
            sink = ResumableJsonl.open(out, overwrite);
        }
        try (Reader reader = stdin ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            TitleLines lines = new TitleLines(reader, name);
            List<String> done = sink == null ? List.of() : sink.done();
            skip(lines, done, name, out);
            long count = stream(lines, sink, done.size());
            if (sink != null) {
                sink.finish();
            }
            progress.printf(Locale.ROOT, "recommend: %d items%s -> %s (%s)%n", count + done.size(),
                    done.isEmpty() ? "" : " (" + done.size() + " written before, resumed)", out == null ? "standard output" : out, settings);
        } finally {
            if (sink != null) {
                sink.close();
            }
        }
    }

    /** Reads past the items a killed run already wrote, checking that they are this input's first items. */
    private static void skip(TitleLines lines, List<String> done, String name, Path out) throws IOException {
        for (int i = 0; i < done.size(); i++) {
            TitleLines.Line l = lines.next();
            if (l == null) {
                throw new DataFormatException(Path.of(name), 0, null, "has " + i + " items but " + ResumableJsonl.partialOf(out)
                        + " already holds " + done.size(), "the input of the run that wrote it (or --overwrite to start over)");
            }
            if (!l.item().id().equals(done.get(i))) {
                throw new DataFormatException(Path.of(name), l.number(), null, "item id '" + l.item().id() + "', but line " + (i + 1)
                        + " of " + ResumableJsonl.partialOf(out) + " is item '" + done.get(i) + "'",
                        "the input of the run that wrote it (or --overwrite to start over)");
            }
        }
    }

    private long stream(TitleLines lines, ResumableJsonl sink, long before) throws IOException {
        long start = System.nanoTime();
        long lastReport = start;
        long count = 0;
        List<String> ids = new ArrayList<>(batchSize);
        List<String> texts = new ArrayList<>(batchSize);
        TitleLines.Line l;
        do {
            l = lines.next();
            if (l != null) {
                ids.add(l.item().id());
                String c = l.item().category().isEmpty() && category != null ? category : l.item().category();
                texts.add(c.isEmpty() ? l.item().title() : l.item().title() + " | " + c);
            }
            if (texts.size() == batchSize || (l == null && !texts.isEmpty())) {
                List<Recommendation> recs = recommender.recommendAll(texts);
                List<String> json = new ArrayList<>(recs.size());
                for (int i = 0; i < recs.size(); i++) {
                    json.add(RecommendationJson.line(ids.get(i), recs.get(i)));
                }
                if (sink != null) {
                    sink.append(json);
                } else {
                    json.forEach(System.out::println);
                    System.out.flush();
                }
                count += texts.size();
                ids.clear();
                texts.clear();
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_NANOS) {
                    lastReport = now;
                    progress.printf(Locale.ROOT, "recommend: %d items done (%.1f items/s)%n", before + count,
                            count / ((now - start) / 1e9));
                }
            }
        } while (l != null);
        return count;
    }
}
