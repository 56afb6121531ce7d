package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.module.Init;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SeedsTest {
    @Test
    void everyComponentHasItsOwnSeedMixedFromTheRoot() {
        Seeds s = new Seeds(42);
        Map<String, Long> all = s.all();
        assertEquals(42L, all.get("marketplace"));
        assertEquals(42L, all.get("judge"));
        assertEquals(Init.derive(42, "student-init"), s.studentInit());
        List<Long> derived = new ArrayList<>(all.values()).subList(2, all.size());
        assertEquals(derived.size(), new HashSet<>(derived).size(), all.toString());
        // neighbouring roots do not shift one component onto another (as root + 1 and root + 2 did)
        Map<String, Long> next = new Seeds(43).all();
        for (long v : derived) {
            for (String k : List.of("split", "label-draw", "teacher-draw", "agreement-draw", "assistant-init", "student-init", "training")) {
                assertNotEquals(v, (long) next.get(k), k);
            }
        }
    }

    @Test
    void noTwoInitialTensorsOfTheRunsModelsAreEqual() {
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int i = 0; i < 60; i++) {
            vocab.add("w" + i);
        }
        WordPieceTokenizer tok = WordPieceTokenizer.uncased(vocab);
        PipelineConfig.ModelSize size = new PipelineConfig.ModelSize(65, 16, 2, 2, 8);
        Seeds seeds = new Seeds(42);
        CrossEncoder assistant = AssistantStage.fresh(tok, size, seeds);
        BiEncoder student = Models.student(tok, size, new int[] {16, 8}, seeds.studentInit());
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        assistant.namedParameters().forEach((k, t) -> tensors.put("assistant." + k, t.value()));
        student.namedParameters().forEach((k, t) -> tensors.put("student." + k, t.value()));
        tensors.values().removeIf(v -> v.maxNumber().doubleValue() == v.minNumber().doubleValue()); // zeros, ones
        List<String> names = new ArrayList<>(tensors.keySet());
        for (int i = 0; i < names.size(); i++) {
            float[] a = tensors.get(names.get(i)).reshape(-1).toFloatVector();
            for (int j = i + 1; j < names.size(); j++) {
                float[] b = tensors.get(names.get(j)).reshape(-1).toFloatVector();
                if (a[0] == b[0] && a[1] == b[1] && a[2] == b[2]) {
                    fail(names.get(i) + " and " + names.get(j) + " start alike: they share a seed");
                }
            }
        }
    }
}
