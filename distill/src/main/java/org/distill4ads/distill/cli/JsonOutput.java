package org.distill4ads.distill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --json}, for every command that prints a result: standard output then holds exactly one
 * JSON object (the command's name and its result), and the lines a person reads go to standard
 * error instead. Without {@code --json} nothing changes.
 */
final class JsonOutput {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    @Option(names = "--json", description = "print the result as one JSON object on standard output;"
            + " the text lines go to standard error")
    boolean json;

    /** Where the lines a person reads go: standard output, or standard error with {@code --json}. */
    PrintStream text() {
        return json ? System.err : System.out;
    }

    /** A result object for {@code command}, to fill with {@link Result#put} and {@link Result#print}. */
    Result result(String command) {
        return new Result(command);
    }

    /** One command's result: its fields in order. Paths are written as strings. */
    final class Result {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Result(String command) {
            fields.put("command", command);
        }

        Result put(String name, Object value) {
            fields.put(name, value instanceof Path p ? p.toString() : value);
            return this;
        }

        /** With {@code --json}, prints the object as one line on standard output; otherwise nothing. */
        void print() throws JsonProcessingException {
            if (json) {
                System.out.println(JSON.writeValueAsString(fields));
                System.out.flush();
            }
        }
    }
}
