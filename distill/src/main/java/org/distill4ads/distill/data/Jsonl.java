package org.distill4ads.distill.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * The {@code .jsonl} format: one JSON object per line, UTF-8, its fields named as the TSV columns.
 * Blank lines are skipped; fields no column uses are ignored; a number may also be given as a
 * string and a text as a number.
 */
final class Jsonl {
    private static final JsonMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNestingDepth(Limits.MAX_JSON_DEPTH).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Jsonl() {
    }

    static <T> List<Numbered<T>> read(Path file, Schema<T> schema) throws IOException {
        List<Numbered<T>> out = new ArrayList<>();
        long line = 0;
        try (BufferedReader in = new BufferedReader(new LineLimitedReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file))) {
            String text;
            while (true) {
                try {
                    text = in.readLine();
                } catch (CharacterCodingException e) {
                    throw new DataFormatException(file, line + 1, null, "is not UTF-8 text", "a UTF-8 encoded file", e);
                }
                if (text == null) {
                    break;
                }
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                Row row = row(file, line, text);
                out.add(new Numbered<>(DataFiles.parse(schema, row), line));
            }
        }
        return out;
    }

    private static Row row(Path file, long line, String text) throws DataFormatException {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at character " + e.getLocation().getColumnNr();
            throw new DataFormatException(file, line, null, "is not valid JSON (" + e.getOriginalMessage() + at + ")",
                    "one JSON object per line", e);
        }
        if (!node.isObject()) {
            throw new DataFormatException(file, line, null, "got " + kind(node), "a JSON object");
        }
        Map<String, String> values = new HashMap<>();
        Map<String, String> badKinds = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode v = field.getValue();
            if (v.isTextual()) {
                values.put(field.getKey(), v.textValue());
            } else if (v.isNumber()) {
                values.put(field.getKey(), v.asText());
            } else if (!v.isNull()) {
                badKinds.put(field.getKey(), kind(v));
            }
        }
        return new Row(file, line, values, badKinds);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a JSON array";
            case OBJECT -> "a JSON object";
            case STRING -> "a JSON string";
            case NUMBER -> "a JSON number";
            case BOOLEAN -> "a JSON boolean";
            default -> "JSON " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static <T> void write(Path file, Schema<T> schema, List<T> records) throws IOException {
        AtomicFiles.writeText(file, out -> {
            for (T record : records) {
                List<Object> values = schema.writer().apply(record);
                ObjectNode node = MAPPER.createObjectNode();
                for (int i = 0; i < values.size(); i++) {
                    String name = schema.columns().get(i);
                    Object v = values.get(i);
                    if (v instanceof Long l) {
                        node.put(name, l);
                    } else if (v instanceof Integer n) {
                        node.put(name, n);
                    } else if (v instanceof Double d) {
                        node.put(name, d);
                    } else {
                        node.put(name, v.toString());
                    }
                }
                out.write(MAPPER.writeValueAsString(node));
                out.write('\n');
            }
        });
    }
}
