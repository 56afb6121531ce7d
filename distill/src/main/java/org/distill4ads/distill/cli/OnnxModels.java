package org.distill4ads.distill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.onnx.OnnxExport;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/** {@code export --onnx DIR}: the student and the cross-encoder as ONNX models, for engines other than this library. */
final class OnnxModels {
    static final String STUDENT = "student.onnx";
    static final String KEYPHRASE_TOWER = "student-keyphrases.onnx";
    static final String CROSS_ENCODER = "cross-encoder.onnx";

    private OnnxModels() {}

    /** Writes {@code student.onnx} (and {@code student-keyphrases.onnx} for two towers) and {@code cross-encoder.onnx} into {@code dir}. */
    static void write(Path dir, Path bundle, BiEncoder student, Path crossEncoderDir, Path run) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("--onnx " + dir + ": is a file, expected a folder for the ONNX models");
        }
        if (dir.toAbsolutePath().normalize().startsWith(bundle.toAbsolutePath().normalize())) {
            throw new IOException("--onnx " + dir + ": lies in the bundle folder " + bundle + ", which export replaces; choose a folder beside it");
        }
        for (String name : new String[] {STUDENT, KEYPHRASE_TOWER, CROSS_ENCODER}) {
            Outputs.file(dir.resolve(name), run);
        }
        Files.createDirectories(dir);
        OnnxExport.biEncoder(student, dir.resolve(STUDENT));
        if (student.twoTowers()) {
            OnnxExport.biEncoder(student, true, dir.resolve(KEYPHRASE_TOWER));
        }
        CrossEncoder cross = ModelFiles.loadCrossEncoder(crossEncoderDir, WordPieceTokenizer::load);
        OnnxExport.crossEncoder(cross, dir.resolve(CROSS_ENCODER));
        System.err.println("wrote " + STUDENT + (student.twoTowers() ? ", " + KEYPHRASE_TOWER : "") + " and " + CROSS_ENCODER
                + " (inputs input_ids, attention_mask, token_type_ids; docs/serving.md) -> " + dir);
    }
}
