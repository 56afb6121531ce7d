package org.distill4ads.transformer.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.transformer.model.TextTokenizer;
import org.distill4ads.transformer.model.TokenBatch;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * BERT WordPiece tokenization with Hugging Face semantics: {@link BertNormalizer}, then greedy
 * longest-match-first word pieces ({@code ##} marks a continuation); a word that cannot be
 * covered, or is longer than {@code maxCharsPerWord} characters, becomes {@code [UNK]}.
 * Sequences are {@code [CLS] a [SEP]} or {@code [CLS] a [SEP] b [SEP]} (type ids 0 then 1),
 * truncated like Hugging Face's {@code longest_first} and padded to the batch's longest.
 */
public final class WordPieceTokenizer implements TextTokenizer {
    public static final String VOCAB_FILE = "vocab.txt";
    public static final String CONFIG_FILE = "tokenizer_config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> vocabulary;
    private final Map<String, Integer> ids;
    private final BertNormalizer normalizer;
    private final String prefix;
    private final int maxCharsPerWord;
    private final int unk;
    private final int cls;
    private final int sep;
    private final int pad;

    public WordPieceTokenizer(List<String> vocabulary, BertNormalizer normalizer, String continuingPrefix, int maxCharsPerWord) {
        this.vocabulary = List.copyOf(vocabulary);
        this.ids = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.putIfAbsent(vocabulary.get(i), i);
        }
        this.normalizer = normalizer;
        this.prefix = continuingPrefix;
        this.maxCharsPerWord = maxCharsPerWord;
        this.unk = required("[UNK]");
        this.cls = required("[CLS]");
        this.sep = required("[SEP]");
        this.pad = required("[PAD]");
    }

    /** An uncased BERT tokenizer over a vocabulary (which must contain [PAD], [UNK], [CLS], [SEP]). */
    public static WordPieceTokenizer uncased(List<String> vocabulary) {
        return new WordPieceTokenizer(vocabulary, BertNormalizer.uncased(), "##", 100);
    }

    private int required(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("vocabulary lacks the special token " + token);
        }
        return id;
    }

    /** Reads a Hugging Face {@code tokenizer.json} with a WordPiece model and a BERT normalizer. */
    public static WordPieceTokenizer fromTokenizerJson(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw new IOException(file + ": model type is '" + model.path("type").asText() + "', expected WordPiece");
        }
        JsonNode vocab = model.path("vocab");
        List<String> tokens = new ArrayList<>(Collections.nCopies(vocab.size(), (String) null));
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt(-1);
            if (id < 0 || id >= tokens.size() || tokens.get(id) != null) {
                throw new IOException(file + ": vocabulary id " + e.getValue() + " of '" + e.getKey() + "' is out of range or repeated");
            }
            tokens.set(id, e.getKey());
        }
        JsonNode n = root.path("normalizer");
        if (!n.isMissingNode() && !n.isNull() && !"BertNormalizer".equals(n.path("type").asText())) {
            throw new IOException(file + ": normalizer type is '" + n.path("type").asText() + "', expected BertNormalizer");
        }
        JsonNode pre = root.path("pre_tokenizer");
        if (!pre.isMissingNode() && !pre.isNull() && !"BertPreTokenizer".equals(pre.path("type").asText())) {
            throw new IOException(file + ": pre_tokenizer type is '" + pre.path("type").asText() + "', expected BertPreTokenizer");
        }
        boolean lower = n.path("lowercase").asBoolean(true);
        boolean strip = n.path("strip_accents").isBoolean() ? n.path("strip_accents").asBoolean() : lower;
        BertNormalizer normalizer = new BertNormalizer(n.path("clean_text").asBoolean(true),
                n.path("handle_chinese_chars").asBoolean(true), strip, lower);
        return new WordPieceTokenizer(tokens, normalizer, model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(100));
    }

    /** Reads a {@code vocab.txt} (one token per line, id = line number − 1). */
    public static WordPieceTokenizer fromVocabFile(Path file, boolean lowercase) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, expected the vocabulary file (one token a line)");
        }
        List<String> tokens = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isEmpty()) {
                    throw new IOException(file + ":" + n + ": empty line; every line must hold one token");
                }
                Integer before = seen.putIfAbsent(line, n);
                if (before != null) {
                    throw new IOException(file + ":" + n + ": token '" + line + "' is already on line " + before
                            + "; every token must be listed once");
                }
                tokens.add(line);
            }
        }
        try {
            return new WordPieceTokenizer(tokens, new BertNormalizer(true, true, lowercase, lowercase), "##", 100);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads from a model directory: {@code tokenizer.json} if present, else {@code vocab.txt} + config.
     * {@link #save} writes all three ({@code vocab.txt} and {@code tokenizer_config.json} for
     * Hugging Face's slow {@code BertTokenizer}, {@code tokenizer.json} for the fast one).
     */
    public static WordPieceTokenizer load(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            return fromTokenizerJson(dir.resolve("tokenizer.json"));
        }
        boolean lower = true;
        Path config = dir.resolve(CONFIG_FILE);
        if (Files.isDirectory(config)) {
            throw new IOException(config + " is a folder, expected the tokenizer's settings (JSON)");
        }
        if (Files.exists(config)) {
            JsonNode settings;
            try {
                settings = JSON.readTree(config.toFile());
            } catch (IOException e) {
                throw new IOException(config + ": is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
            }
            if (settings == null || !settings.isObject()) {
                throw new IOException(config + ": expected a JSON object of tokenizer settings");
            }
            JsonNode lc = settings.get("do_lower_case");
            if (lc != null && !lc.isBoolean()) {
                throw new IOException(config + ": do_lower_case is " + lc + ", expected true or false");
            }
            lower = lc == null || lc.booleanValue();
        }
        return fromVocabFile(dir.resolve(VOCAB_FILE), lower);
    }

    @Override
    public void save(Path dir) throws IOException {
        AtomicFiles.writeText(dir.resolve(VOCAB_FILE), out -> {
            for (String piece : vocabulary) {
                out.write(piece);
                out.write('\n');
            }
        });
        // a LinkedHashMap: Map.of iterates in an order that changes from one JVM to the next, and the file must not
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("do_lower_case", normalizer.lowercase());
        config.put("tokenizer_class", "BertTokenizer");
        AtomicFiles.writeBytes(dir.resolve(CONFIG_FILE), JSON.writeValueAsBytes(config));
        TokenizerJson.write(this, dir.resolve(TokenizerJson.FILE));
    }

    private static final String SEP_TEXT = "[SEP]";

    /** Word pieces of a text, without special tokens. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (int id : tokenIds(text)) {
            out.add(vocabulary.get(id));
        }
        return out;
    }

    /**
     * Ids of the word pieces of a text, without the [CLS] and closing [SEP] of a sequence. A literal
     * {@code [SEP]} inside the text is the separator token itself (as Hugging Face's tokenizers match
     * special tokens before normalizing), so one segment can hold {@code category [SEP] title}.
     */
    public List<Integer> tokenIds(String text) {
        List<Integer> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = text.indexOf(SEP_TEXT, from);
            for (String word : normalizer.preTokenize(at < 0 ? text.substring(from) : text.substring(from, at))) {
                wordPieces(word, out);
            }
            if (at < 0) {
                return out;
            }
            out.add(sep);
            from = at + SEP_TEXT.length();
        }
    }

    private void wordPieces(String word, List<Integer> out) {
        if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
            out.add(unk);
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String piece = start > 0 ? prefix + word.substring(start, end) : word.substring(start, end);
                found = ids.get(piece);
                if (found != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) {
                out.subList(mark, out.size()).clear();
                out.add(unk);
                return;
            }
            out.add(found);
            start = end;
        }
    }

    /** One sequence's ids and type ids. */
    public record Encoding(int[] ids, int[] typeIds) {}

    public Encoding encode(String text, int maxLength) {
        checkMax(maxLength, 2);
        List<Integer> a = tokenIds(text);
        a = a.subList(0, Math.min(a.size(), maxLength - 2));
        return assemble(a, null);
    }

    public Encoding encodePair(String first, String second, int maxLength) {
        checkMax(maxLength, 3);
        List<Integer> a = tokenIds(first);
        List<Integer> b = tokenIds(second);
        int budget = maxLength - 3;
        if (a.size() + b.size() > budget) {
            // Hugging Face's longest_first: the shorter keeps what it can up to half the budget,
            // the longer takes the rest.
            int n1 = a.size();
            int n2 = b.size();
            boolean swap = n1 > n2;
            if (swap) {
                int t = n1;
                n1 = n2;
                n2 = t;
            }
            n2 = n1 > budget ? n1 : Math.max(n1, budget - n1);
            if (n1 + n2 > budget) {
                n1 = budget / 2;
                n2 = n1 + budget % 2;
            }
            if (swap) {
                int t = n1;
                n1 = n2;
                n2 = t;
            }
            a = a.subList(0, Math.min(a.size(), n1));
            b = b.subList(0, Math.min(b.size(), n2));
        }
        return assemble(a, b);
    }

    private Encoding assemble(List<Integer> a, List<Integer> b) {
        int n = a.size() + 2 + (b == null ? 0 : b.size() + 1);
        int[] idArr = new int[n];
        int[] types = new int[n];
        int i = 0;
        idArr[i++] = cls;
        for (int id : a) {
            idArr[i++] = id;
        }
        idArr[i++] = sep;
        if (b != null) {
            for (int id : b) {
                types[i] = 1;
                idArr[i++] = id;
            }
            types[i] = 1;
            idArr[i++] = sep;
        }
        return new Encoding(idArr, types);
    }

    private static void checkMax(int maxLength, int min) {
        if (maxLength < min) {
            throw new IllegalArgumentException("max length must be at least " + min + " for the special tokens, got " + maxLength);
        }
    }

    @Override
    public TokenBatch encode(List<String> texts, int maxLength) {
        List<Encoding> e = new ArrayList<>(texts.size());
        for (String t : texts) {
            e.add(encode(t, maxLength));
        }
        return pad(e);
    }

    @Override
    public TokenBatch encodePairs(List<String> firsts, List<String> seconds, int maxLength) {
        if (firsts.size() != seconds.size()) {
            throw new IllegalArgumentException("pair lists differ in length: " + firsts.size() + " != " + seconds.size());
        }
        List<Encoding> e = new ArrayList<>(firsts.size());
        for (int i = 0; i < firsts.size(); i++) {
            e.add(encodePair(firsts.get(i), seconds.get(i), maxLength));
        }
        return pad(e);
    }

    /** Pads to the longest sequence with [PAD]; mask 1 on real tokens. */
    public TokenBatch pad(List<Encoding> encodings) {
        if (encodings.isEmpty()) {
            throw new IllegalArgumentException("cannot build a batch of no texts");
        }
        int t = encodings.stream().mapToInt(e -> e.ids().length).max().orElse(0);
        int b = encodings.size();
        int[][] idArr = new int[b][t];
        int[][] types = new int[b][t];
        int[][] mask = new int[b][t];
        for (int i = 0; i < b; i++) {
            Encoding e = encodings.get(i);
            java.util.Arrays.fill(idArr[i], pad);
            System.arraycopy(e.ids(), 0, idArr[i], 0, e.ids().length);
            System.arraycopy(e.typeIds(), 0, types[i], 0, e.typeIds().length);
            java.util.Arrays.fill(mask[i], 0, e.ids().length, 1);
        }
        return TokenBatch.of(idArr, types, mask);
    }

    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    public int padId() {
        return pad;
    }

    public String token(int id) {
        return vocabulary.get(id);
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    public BertNormalizer normalizer() {
        return normalizer;
    }

    public String continuingPrefix() {
        return prefix;
    }

    public int maxCharsPerWord() {
        return maxCharsPerWord;
    }
}
