package org.distill4ads.distill.judge;

import static org.junit.jupiter.api.Assertions.*;

import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnswersTest {
    static Stream<Arguments> oneWordAnswers() {
        return Stream.of(
                Arguments.of("relevant", 1.0), Arguments.of("Relevant.", 1.0), Arguments.of(" IRRELEVANT ", 0.0),
                Arguments.of("\"relevant\"", 1.0), Arguments.of("**Relevant**", 1.0), Arguments.of("`irrelevant`", 0.0),
                Arguments.of("yes", 1.0), Arguments.of("Yes!", 1.0), Arguments.of("no", 0.0), Arguments.of("NO.", 0.0),
                Arguments.of("not relevant", 0.0), Arguments.of("Not  Relevant.", 0.0), Arguments.of("'irrelevant'\n", 0.0));
    }

    @ParameterizedTest
    @MethodSource("oneWordAnswers")
    void readsOneWordAnswers(String answer, double expected) {
        assertEquals(OptionalDouble.of(expected), Answers.label(answer), "answer <" + answer + ">");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "maybe", "The item is relevant", "relevant because it is red", "irrelevant.\nrelevant",
            "somewhat relevant", "relevance", "1", "true"})
    void rejectsAnythingElse(String answer) {
        assertEquals(OptionalDouble.empty(), Answers.label(answer), "answer <" + answer + ">");
    }

    @Test
    void nullIsNoAnswer() {
        assertEquals(OptionalDouble.empty(), Answers.label(null));
    }

    @Test
    void truncatesLongTextForMessages() {
        assertEquals("abc", Answers.truncate("abc", 3));
        assertEquals("ab… (5 chars)", Answers.truncate("abcde", 2));
    }
}
