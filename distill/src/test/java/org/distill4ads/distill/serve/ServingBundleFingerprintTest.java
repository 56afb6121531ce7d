package org.distill4ads.distill.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.distill4ads.nn.io.AtomicFiles;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.transformer.ModelFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle whose index another model embedded (or an index that records no model) is refused at load, naming both. */
class ServingBundleFingerprintTest {
    @TempDir
    Path dir;

    @Test
    void anIndexOfAnotherModelIsRefusedAtLoad() throws Exception {
        Path bundle = TinyBundle.write(dir);
        ModelFingerprint student;
        try (ServingBundle b = ServingBundle.load(bundle)) {
            student = b.identity().student();
            assertEquals(b.student().fingerprint(), student);
            assertEquals(b.keyphrases().model(), student);
        }
        float[][] rows = new float[2][16];
        rows[0][0] = 1;
        rows[1][1] = 1;
        ModelFingerprint other = new ModelFingerprint("00000000000000ff", 7);
        Path broken = dir.resolve("other");
        AtomicFiles.copyTree(bundle, broken);
        EmbeddingStore.of(List.of("a", "b"), rows, other).save(broken.resolve(ServingBundle.INDEX));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServingBundle.load(broken));
        assertTrue(e.getMessage().contains(broken.resolve(ServingBundle.INDEX) + " was embedded by model " + other), e.getMessage());
        assertTrue(e.getMessage().contains("is model " + student), e.getMessage());

        EmbeddingStore.of(List.of("a", "b"), rows).save(broken.resolve(ServingBundle.INDEX));
        e = assertThrows(IllegalArgumentException.class, () -> ServingBundle.load(broken));
        assertTrue(e.getMessage().contains("does not record which model embedded it"), e.getMessage());
    }
}
