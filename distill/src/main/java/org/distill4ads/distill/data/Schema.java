package org.distill4ads.distill.data;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * How one record type is laid out in a file: its columns (the TSV header and the JSON field
 * names, in writing order), which of them may be absent, how a {@link Row} becomes a record and
 * a record becomes column values (String, Long, Integer or Double, in column order).
 */
record Schema<T>(String what, List<String> columns, Set<String> optional, Parser<T> parser,
                 Function<T, List<Object>> writer) {

    /** Turns a row into a record, or says which column is wrong. */
    interface Parser<T> {
        T parse(Row row) throws DataFormatException;
    }

    Schema {
        columns = List.copyOf(columns);
        optional = Set.copyOf(optional);
    }

    List<String> required() {
        return columns.stream().filter(c -> !optional.contains(c)).toList();
    }
}
