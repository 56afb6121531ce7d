package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.transformer.model.BiEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distill4ads index}: embeds keyphrases with a bi-encoder into an embedding store file. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Embed keyphrases with a bi-encoder (at its full width; smaller Matryoshka sizes are read from the same file) and save them as an embedding store.")
final class IndexCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "bi-encoder model folder, e.g. from `distill4ads train-bi-encoder`")
    Path model;

    @Option(names = "--keyphrases", required = true, paramLabel = "FILE", description = "keyphrases file (.tsv or .jsonl); repeated texts are indexed once")
    Path keyphrases;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "embedding store file to write")
    Path out;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        Outputs.file(out, model, keyphrases);
        List<String> texts = Keyphrases.read(keyphrases);
        BiEncoder student = Keyphrases.loadStudent(model);
        EmbeddingStore store = Keyphrases.embed(student, texts);
        store.save(out);
        json.text().printf("indexed %d keyphrases at %d dimensions -> %s%n", store.size(), store.dim(), out);
        json.result("index").put("keyphrases", store.size()).put("dimensions", store.dim()).put("out", out).print();
        return 0;
    }
}
