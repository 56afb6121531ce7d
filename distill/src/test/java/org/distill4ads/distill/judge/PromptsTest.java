package org.distill4ads.distill.judge;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PromptsTest {
    @Test
    void fillsEveryPlaceholderOnce() {
        assertEquals("t=Red shoe c=Shoes k=red sneakers t=Red shoe",
                Prompts.render("t={title} c={category} k={keyphrase} t={title}", "Red shoe", "Shoes", "red sneakers"));
    }

    @Test
    void doesNotExpandPlaceholdersInsideValues() {
        assertEquals("T: a {keyphrase} b / K: x", Prompts.render("T: {title} / K: {keyphrase}", "a {keyphrase} b", "", "x"));
    }

    @Test
    void emptyCategoryIsRenderedAsNone() {
        assertEquals("c=(none)", Prompts.render("c={category}{title}{keyphrase}".replace("{title}{keyphrase}", ""), "t", "", "k"));
    }

    @Test
    void defaultTemplateRendersTheWholeQuestion() {
        String p = Prompts.render(OpenAiJudge.DEFAULT_PROMPT_TEMPLATE, "Red running shoe", "Shoes", "red sneakers");
        assertEquals("""
                A buyer searches an online marketplace for: "red sneakers"

                Item title: Red running shoe
                Item category: Shoes

                Would this buyer find this item a relevant result for that search? \
                Answer with exactly one word: relevant or irrelevant.""", p);
    }

    @Test
    void templateMustNameTitleAndKeyphrase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Prompts.check("Is {category} ok?"));
        assertTrue(e.getMessage().contains("{title} and {keyphrase}"), e.getMessage());
        Prompts.check("{title} / {keyphrase}");
    }
}
