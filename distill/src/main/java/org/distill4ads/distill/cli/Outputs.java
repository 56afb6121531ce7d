package org.distill4ads.distill.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.distill4ads.distill.data.OutputGuard;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import picocli.CommandLine.Option;

/** {@code --overwrite} and the {@link OutputGuard} checks of the writing commands, one call each. */
final class Outputs {
    /** What a model folder holds when {@link ModelFiles} writes it. */
    static final Set<String> MODEL_FOLDER = modelFolder();

    private static Set<String> modelFolder() {
        Set<String> s = new java.util.HashSet<>(ModelFiles.NAMES);
        s.addAll(Set.of(WordPieceTokenizer.VOCAB_FILE, WordPieceTokenizer.CONFIG_FILE, org.distill4ads.transformer.text.TokenizerJson.FILE));
        return Set.copyOf(s);
    }

    @Option(names = "--overwrite", description = "replace an output folder that holds files this command did not write"
            + " (an input is never written over)")
    boolean overwrite;

    /**
     * Before writing the file {@code out}: it is none of {@code inputs} nor an existing file in an
     * input folder (an existing file that is no input is replaced, so the file commands have no
     * {@code --overwrite}).
     */
    static void file(Path out, Path... inputs) throws IOException {
        OutputGuard.file(out, Arrays.asList(inputs));
    }

    /** Before writing the model folder {@code out}. */
    void modelFolder(Path out, Path... inputs) throws IOException {
        folder(out, MODEL_FOLDER, inputs);
    }

    /**
     * Before training into {@code dir} (metrics and checkpoints): it must not be, hold or lie in an
     * existing part of an input. What it holds is not checked: a rerun resumes from it.
     */
    void trainingFolder(Path dir, Path... inputs) throws IOException {
        OutputGuard.folder(dir, true, Set.of(), Arrays.asList(inputs));
    }

    /** Before writing the folder {@code out}, whose entries the command names {@code own}. */
    void folder(Path out, Set<String> own, Path... inputs) throws IOException {
        OutputGuard.folder(out, overwrite, own, Arrays.asList(inputs));
    }
}
