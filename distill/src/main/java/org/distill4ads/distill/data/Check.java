package org.distill4ads.distill.data;

final class Check {
    private Check() {
    }

    static void nonBlank(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }
}
