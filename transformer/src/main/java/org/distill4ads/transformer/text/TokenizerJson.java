package org.distill4ads.transformer.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * Writes a {@link WordPieceTokenizer} as Hugging Face {@code tokenizers}' {@code tokenizer.json}
 * (format version 1.0), the file {@code tokenizers.Tokenizer.from_file}, {@code AutoTokenizer}
 * (fast) and sentence-transformers read: the four special tokens as added tokens, a
 * {@code BertNormalizer} with our settings, the {@code BertPreTokenizer}, the {@code WordPiece}
 * model with the vocabulary, and a {@code TemplateProcessing} post-processor for
 * {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]} (type ids 0, then 1 from B on).
 * No truncation or padding is stored: the model's max length lives in its own settings.
 * {@link WordPieceTokenizer#fromTokenizerJson} reads it back.
 */
public final class TokenizerJson {
    public static final String FILE = "tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private TokenizerJson() {}

    public static void write(WordPieceTokenizer t, Path file) throws IOException {
        AtomicFiles.writeBytes(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree(t)));
    }

    static ObjectNode tree(WordPieceTokenizer t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        List<String> vocab = t.vocabulary();
        for (String s : SPECIALS) {
            int id = vocab.indexOf(s);
            if (id < 0) {
                continue; // [MASK] is optional
            }
            ObjectNode a = added.addObject();
            a.put("id", id);
            a.put("content", s);
            a.put("single_word", false);
            a.put("lstrip", false);
            a.put("rstrip", false);
            a.put("normalized", false);
            a.put("special", true);
        }
        BertNormalizer n = t.normalizer();
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer");
        norm.put("clean_text", n.cleanText());
        norm.put("handle_chinese_chars", n.handleChineseChars());
        norm.put("strip_accents", n.stripAccents());
        norm.put("lowercase", n.lowercase());
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, "[CLS]", 0);
        sequence(single, "A", 0);
        special(single, "[SEP]", 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, "[CLS]", 0);
        sequence(pair, "A", 0);
        special(pair, "[SEP]", 0);
        sequence(pair, "B", 1);
        special(pair, "[SEP]", 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : List.of("[CLS]", "[SEP]")) {
            ObjectNode e = specials.putObject(s);
            e.put("id", s);
            e.putArray("ids").add(vocab.indexOf(s));
            e.putArray("tokens").add(s);
        }
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", t.continuingPrefix());
        decoder.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", t.continuingPrefix());
        model.put("max_input_chars_per_word", t.maxCharsPerWord());
        ObjectNode v = model.putObject("vocab");
        for (int i = 0; i < vocab.size(); i++) {
            if (v.has(vocab.get(i))) {
                throw new IllegalArgumentException("the vocabulary holds '" + vocab.get(i) + "' twice (ids " + v.get(vocab.get(i))
                        + " and " + i + "); tokenizer.json maps each token to one id");
            }
            v.put(vocab.get(i), i);
        }
        return root;
    }

    private static void special(ArrayNode a, String token, int type) {
        ObjectNode s = a.addObject().putObject("SpecialToken");
        s.put("id", token);
        s.put("type_id", type);
    }

    private static void sequence(ArrayNode a, String id, int type) {
        ObjectNode s = a.addObject().putObject("Sequence");
        s.put("id", id);
        s.put("type_id", type);
    }
}
