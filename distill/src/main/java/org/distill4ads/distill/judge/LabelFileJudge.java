package org.distill4ads.distill.judge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.distill4ads.distill.data.Judgment;

/**
 * A judge whose labels are known in advance (read from a file by someone else, e.g. a human-labelled
 * set or an earlier LLM run): it looks each pair up and fails loudly on a pair it has no label for.
 */
public final class LabelFileJudge implements Judge {
    private record PairKey(String itemId, String keyphrase) {
    }

    private final Map<PairKey, Double> labels;
    private final String source;

    /** Labels from an unnamed file; {@link #describe()} says {@code "labels from file (N pairs)"}. */
    public LabelFileJudge(List<Judgment> labels) {
        this(labels, "file");
    }

    /**
     * @param labels the known labels; a pair may occur more than once only with the same label
     * @param source where they came from, for messages, e.g. the file name
     * @throws IllegalArgumentException when one pair has two different labels
     */
    public LabelFileJudge(List<Judgment> labels, String source) {
        Objects.requireNonNull(labels, "labels");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("the source of the labels must not be blank, got " + (source == null ? "null" : "'" + source + "'"));
        }
        this.source = source;
        this.labels = new HashMap<>(labels.size() * 2);
        for (Judgment j : labels) {
            Objects.requireNonNull(j, "a label in the list is null");
            Double before = this.labels.putIfAbsent(new PairKey(j.itemId(), j.keyphrase()), j.label());
            if (before != null && before != j.label()) {
                throw new IllegalArgumentException("item '" + j.itemId() + "', keyphrase '" + j.keyphrase()
                        + "' has two different labels in " + source + ": " + before + " and " + j.label());
            }
        }
    }

    /**
     * The stored label of every pair, in the order of {@code pairs}.
     *
     * @throws JudgeException naming the first pair without a label
     */
    @Override
    public List<Judgment> judge(List<JudgePair> pairs) throws JudgeException {
        List<Judgment> out = new ArrayList<>(pairs.size());
        for (JudgePair pair : pairs) {
            String itemId = pair.item().id();
            Double label = labels.get(new PairKey(itemId, pair.keyphrase()));
            if (label == null) {
                throw new JudgeException("no label for item '" + itemId + "', keyphrase '" + pair.keyphrase()
                        + "': " + source + " holds labels for " + labels.size() + " pairs, not this one");
            }
            out.add(new Judgment(itemId, pair.keyphrase(), label));
        }
        return out;
    }

    /** Number of distinct labelled pairs. */
    public int size() {
        return labels.size();
    }

    @Override
    public String describe() {
        return "labels from " + source + " (" + labels.size() + " pairs)";
    }
}
