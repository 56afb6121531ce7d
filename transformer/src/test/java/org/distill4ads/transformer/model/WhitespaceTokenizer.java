package org.distill4ads.transformer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A test tokenizer: lower-cased whitespace words hashed into a small vocabulary (0 pad, 1 CLS, 2 SEP). */
final class WhitespaceTokenizer implements TextTokenizer {
    private final int vocab;

    WhitespaceTokenizer(int vocab) {
        this.vocab = vocab;
    }

    static WhitespaceTokenizer load(Path dir) throws IOException {
        return new WhitespaceTokenizer(Integer.parseInt(Files.readString(dir.resolve("ws-vocab.txt")).trim()));
    }

    private List<Integer> ids(String s) {
        List<Integer> out = new ArrayList<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(3 + Math.floorMod(w.hashCode(), vocab - 3));
            }
        }
        return out;
    }

    @Override
    public TokenBatch encode(List<String> texts, int maxLength) {
        List<String> empty = new ArrayList<>();
        texts.forEach(t -> empty.add(null));
        return build(texts, empty, maxLength);
    }

    @Override
    public TokenBatch encodePairs(List<String> firsts, List<String> seconds, int maxLength) {
        return build(firsts, seconds, maxLength);
    }

    private TokenBatch build(List<String> a, List<String> b, int maxLength) {
        List<int[]> rows = new ArrayList<>();
        List<int[]> types = new ArrayList<>();
        int t = 0;
        for (int i = 0; i < a.size(); i++) {
            List<Integer> ids = new ArrayList<>(List.of(1));
            List<Integer> ty = new ArrayList<>(List.of(0));
            ids.addAll(ids(a.get(i)));
            ids.add(2);
            while (ty.size() < ids.size()) {
                ty.add(0);
            }
            if (b.get(i) != null) {
                ids.addAll(ids(b.get(i)));
                ids.add(2);
                while (ty.size() < ids.size()) {
                    ty.add(1);
                }
            }
            int n = Math.min(maxLength, ids.size());
            rows.add(ids.subList(0, n).stream().mapToInt(Integer::intValue).toArray());
            types.add(ty.subList(0, n).stream().mapToInt(Integer::intValue).toArray());
            t = Math.max(t, n);
        }
        int[][] idArr = new int[a.size()][t];
        int[][] tyArr = new int[a.size()][t];
        int[][] mask = new int[a.size()][t];
        for (int i = 0; i < a.size(); i++) {
            System.arraycopy(rows.get(i), 0, idArr[i], 0, rows.get(i).length);
            System.arraycopy(types.get(i), 0, tyArr[i], 0, types.get(i).length);
            for (int j = 0; j < rows.get(i).length; j++) {
                mask[i][j] = 1;
            }
        }
        return TokenBatch.of(idArr, tyArr, mask);
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public void save(Path directory) throws IOException {
        Files.writeString(directory.resolve("ws-vocab.txt"), Integer.toString(vocab));
    }
}
