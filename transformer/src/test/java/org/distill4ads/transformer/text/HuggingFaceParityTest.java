package org.distill4ads.transformer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our token ids against Hugging Face's Rust tokenizer (through DJL) on the MiniLM tokenizer.json. */
class HuggingFaceParityTest {
    @TempDir
    static Path dir;
    static Path json;

    static final String[] HARD = {
        "", "   ", "\t\n\r", "Hello, World!!!", "naïve café résumé Ångström", "Crème Brûlée — déjà vu",
        "北京欢迎你", "日本語のテキストと漢字", "한국어 텍스트", "emoji 😀🎉👍🏽 mixed", "!!!???...,,,;;;",
        "a" + "b".repeat(120), "supercalifragilisticexpialidocious", "pneumonoultramicroscopicsilicovolcanoconiosis",
        "Nike Air Max 90 - Men's Size 10.5 (US) #CW7483-100", "iPhone 15 Pro Max 256GB, Natural Titanium",
        "3/4\" x 12' PVC pipe", "USB-C to HDMI 2.1 adapter 8K@60Hz", "Ⅻ roman ½ fractions ² ³", "tab\there and\u00a0nbsp",
        "control\u0007char\u0000nul\ufffdrepl", "zero\u200bwidth\u200djoiner", "ΣΊΣΥΦΟΣ Greek CAPS ΟΔΟΣ", "Straße ß İstanbul",
        "مرحبا بالعالم", "שלום עולם", "Привет, мир!", "x=y+z*2^3 | a<b>c ~ `code`", "$19.99 @ 20% off & free shipping",
        "'quoted' \"double\" «guillemets» „German“", "don't can't won't", "e-mail@example.com https://x.y/z?q=1",
        "C++ C# F# .NET", "2024-01-15T10:30:00Z", "    leading and trailing    ", "MiXeD CaSe WoRdS",
        "ﬁ ligature ﬀ", "Ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ", "ãõ ñ ç ü ø å æ œ", "a\u0301 combining acute",
        "Shoes [SEP] Nike Air Max 90", "[SEP]red[SEP][SEP]", "lamp [sep] not the token", "a[SEP]b [SEP"
    };

    static final String[] WORDS = {
        "red", "running", "shoes", "sneakers", "trainers", "vintage", "lamp", "brass", "Café", "XL", "10.5",
        "100%", "cotton", "T-shirt", "men's", "women's", "kids'", "iPhone", "case", "leather", "wallet", "4K",
        "TV", "60\"", "北京", "😀", "naïve", "Ω", "über", "co-op", "#1", "best-seller", "w/", "&", "...",
        "unbelievably", "dishwasher-safe", "stainless", "steel", "1/2", "2x", "3-pack", "A+", "ÉCOLE", "niño"
    };

    @BeforeAll
    static void extract() throws Exception {
        json = dir.resolve("tokenizer.json");
        try (InputStream in = HuggingFaceParityTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            Files.copy(in, json, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static List<String> corpus() {
        List<String> out = new ArrayList<>(Arrays.asList(HARD));
        SplittableRandom rng = new SplittableRandom(2024);
        while (out.size() < 1200) {
            int n = rng.nextInt(0, 12);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(rng.nextInt(8) == 0 ? "  " : rng.nextInt(10) == 0 ? "-" : " ");
                }
                String w = rng.nextInt(6) == 0 ? HARD[rng.nextInt(HARD.length)] : WORDS[rng.nextInt(WORDS.length)];
                sb.append(rng.nextInt(5) == 0 ? w.toUpperCase() : w);
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void singleTextsAndPairsMatchHuggingFace() throws Exception {
        WordPieceTokenizer ours = WordPieceTokenizer.fromTokenizerJson(json);
        List<String> texts = corpus();
        int agree = 0;
        int pairAgree = 0;
        List<String> mismatches = new ArrayList<>();
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false"))) {
            for (String t : texts) {
                long[] ref = hf.encode(t).getIds();
                int[] got = ours.encode(t, 100_000).ids();
                if (Arrays.equals(toInt(ref), got)) {
                    agree++;
                } else if (mismatches.size() < 5) {
                    mismatches.add(t + " -> hf " + Arrays.toString(ref) + " ours " + Arrays.toString(got));
                }
            }
            for (int i = 0; i + 1 < texts.size(); i += 2) {
                var ref = hf.encode(texts.get(i), texts.get(i + 1));
                WordPieceTokenizer.Encoding got = ours.encodePair(texts.get(i), texts.get(i + 1), 100_000);
                if (Arrays.equals(toInt(ref.getIds()), got.ids()) && Arrays.equals(toInt(ref.getTypeIds()), got.typeIds())) {
                    pairAgree++;
                } else if (mismatches.size() < 5) {
                    mismatches.add("pair " + i + " differs");
                }
            }
        }
        System.out.printf("tokenizer parity: %d/%d texts and %d/%d pairs identical to Hugging Face%n",
                agree, texts.size(), pairAgree, texts.size() / 2);
        assertTrue(texts.size() >= 1000);
        assertEquals(texts.size(), agree, String.join("\n", mismatches));
        assertEquals(texts.size() / 2, pairAgree, String.join("\n", mismatches));
    }

    @Test
    void truncationMatchesLongestFirst() throws Exception {
        WordPieceTokenizer ours = WordPieceTokenizer.fromTokenizerJson(json);
        List<String> texts = corpus();
        int checked = 0;
        for (int max : new int[] {8, 13, 32}) {
            try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(json,
                    Map.of("padding", "false", "truncation", "true", "maxLength", Integer.toString(max)))) {
                for (int i = 0; i + 1 < 400; i += 2) {
                    long[] ref = hf.encode(texts.get(i), texts.get(i + 1)).getIds();
                    assertEquals(Arrays.toString(toInt(ref)), Arrays.toString(ours.encodePair(texts.get(i), texts.get(i + 1), max).ids()),
                            "pair " + i + " at max " + max);
                    long[] single = hf.encode(texts.get(i)).getIds();
                    assertEquals(Arrays.toString(toInt(single)), Arrays.toString(ours.encode(texts.get(i), max).ids()));
                    checked++;
                }
            }
        }
        assertEquals(600, checked);
    }

    static int[] toInt(long[] a) {
        return Arrays.stream(a).mapToInt(x -> (int) x).toArray();
    }
}
