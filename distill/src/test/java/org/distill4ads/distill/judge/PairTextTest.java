package org.distill4ads.distill.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.distill4ads.distill.data.Item;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;

class PairTextTest {
    @Test
    void keyphraseThenCategoryThenTitle() {
        assertEquals(new CrossEncoder.Pair("nike shoes", "Footwear [SEP] Red Nike running shoes"),
                PairText.of(new Item("i1", "Red Nike running shoes", "Footwear"), "nike shoes"));
        assertEquals(new CrossEncoder.Pair("lamp", "brass lamp"), PairText.of(new Item("i2", "brass lamp", ""), "lamp"));
        // a title with a bar of its own: the item text's last bar separates the category
        assertEquals(new CrossEncoder.Pair("k", "Home [SEP] A | B"), PairText.of("A | B | Home", "k"));
        assertThrows(IllegalArgumentException.class, () -> PairText.of(List.of("a"), List.of()));
    }

    @Test
    void theTokensAreClsKeyphraseSepCategorySepTitleSep() {
        //                                           0        1        2        3      4      5          6       7
        WordPieceTokenizer tok = WordPieceTokenizer.uncased(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "nike", "footwear", "red", "shoes"));
        CrossEncoder.Pair p = PairText.of(new Item("i", "Red shoes", "Footwear"), "nike");
        WordPieceTokenizer.Encoding e = tok.encodePair(p.first(), p.second(), 32);
        assertArrayEquals(new int[] {2, 4, 3, 5, 3, 6, 7, 3}, e.ids());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1, 1}, e.typeIds());
    }
}
