package org.distill4ads.distill.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4ads.distill.data.ClickRecord;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.RelevanceScore;
import org.junit.jupiter.api.Test;

class MarketplaceSimulatorTest {
    private static final MarketplaceConfig CONFIG = MarketplaceConfig.small();
    private static final Marketplace M = MarketplaceSimulator.simulate(CONFIG);

    @Test
    void sameSeedSameMarketplaceOtherSeedAnother() {
        Marketplace again = MarketplaceSimulator.simulate(CONFIG);
        assertEquals(M.items(), again.items());
        assertEquals(M.keyphrases(), again.keyphrases());
        assertEquals(M.clicks(), again.clicks());
        assertEquals(M.relevance(), again.relevance());
        assertEquals(M.truth().size(), again.truth().size());
        for (Item item : M.items()) {
            assertEquals(M.truth().gradesOf(item.id()), again.truth().gradesOf(item.id()));
        }
        Marketplace other = MarketplaceSimulator.simulate(CONFIG.withSeed(7));
        assertNotEquals(M.items(), other.items());
    }

    @Test
    void sizesFollowTheConfiguration() {
        assertEquals(CONFIG.items(), M.items().size());
        assertTrue(M.keyphrases().size() >= CONFIG.keyphrases(), "variants come on top: " + M.keyphrases().size());
        assertEquals(M.items().size(), M.itemsById().size(), "item ids are unique");
        Set<String> texts = new HashSet<>();
        M.keyphrases().forEach(k -> assertTrue(texts.add(k.text()), "duplicate keyphrase " + k.text()));
    }

    @Test
    void clicksNeverOccurOnPairsTheSearchFilterRejects() {
        Map<String, Item> items = M.itemsById();
        assertFalse(M.clicks().isEmpty());
        for (ClickRecord c : M.clicks()) {
            Set<String> title = LexicalSearchEngine.tokens(items.get(c.itemId()).title());
            Set<String> query = LexicalSearchEngine.tokens(c.keyphrase());
            long hit = query.stream().filter(title::contains).count();
            double sr = (double) hit / query.size();
            assertTrue(sr >= CONFIG.searchThreshold(), c + " has lexical score " + sr);
        }
    }

    @Test
    void relevanceScoresAreTheLexicalEnginesScores() {
        Map<String, Item> items = M.itemsById();
        for (RelevanceScore r : M.relevance().subList(0, 500)) {
            Set<String> title = LexicalSearchEngine.tokens(items.get(r.itemId()).title());
            Set<String> query = LexicalSearchEngine.tokens(r.keyphrase());
            double expected = query.stream().filter(title::contains).count() / (double) query.size();
            assertEquals(expected, r.score(), 1e-12, r.toString());
        }
    }

    @Test
    void theMiddlemanHidesMostRelevantPairsFromTheClickLog() {
        Set<String> clicked = new HashSet<>();
        for (ClickRecord c : M.clicks()) {
            if (c.clicks() > 0) {
                clicked.add(c.itemId() + "\t" + c.keyphrase());
            }
        }
        int relevant = 0;
        int relevantClicked = 0;
        for (Item item : M.items()) {
            for (String k : M.truth().relevantTo(item.id())) {
                relevant++;
                relevantClicked += clicked.contains(item.id() + "\t" + k) ? 1 : 0;
            }
        }
        assertTrue(relevant > 3 * M.items().size(), "relevant pairs " + relevant);
        assertTrue(relevantClicked < relevant / 2, relevantClicked + " of " + relevant + " relevant pairs were clicked");
        assertTrue(relevantClicked > 0);
    }

    @Test
    void gradesFollowTypeAndAttributes() {
        Meaning item = new Meaning(0, 1, Map.of("color", "red", "brand", "nike", "material", "mesh"));
        assertEquals(2, Meaning.grade(item, new Meaning(0, 1, Map.of())));
        assertEquals(2, Meaning.grade(item, new Meaning(0, 1, Map.of("color", "red", "brand", "nike"))));
        assertEquals(1, Meaning.grade(item, new Meaning(0, 1, Map.of("color", "blue"))));
        assertEquals(1, Meaning.grade(item, new Meaning(0, 1, Map.of("color", "red", "brand", "puma"))));
        assertEquals(0, Meaning.grade(item, new Meaning(0, 2, Map.of("color", "red"))));
        assertEquals(0, Meaning.grade(item, new Meaning(1, 1, Map.of())));
    }

    @Test
    void typeNamesAloneAreExactForEveryItemOfTheType() {
        // "trainers" and "sneakers" name the same type: both are exact for every sneaker, whatever its title says
        Map<String, Integer> typeOf = new HashMap<>();
        List<Vocabulary.Category> world = Vocabulary.standard();
        int sneakers = 0;
        for (Item item : M.items()) {
            if (M.truth().grade(item.id(), "sneakers") == 2) {
                sneakers++;
                assertEquals(2, M.truth().grade(item.id(), "trainers"), item.toString());
                assertEquals(2, M.truth().grade(item.id(), "running shoes"), item.toString());
                assertEquals(0, M.truth().grade(item.id(), "boots"), item.toString());
            }
        }
        assertTrue(sneakers > 0);
        assertEquals("sneakers", world.get(0).types().get(0).canonical());
        assertTrue(typeOf.isEmpty());
    }

    @Test
    void badConfigurationIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MarketplaceConfig.defaults().withSearch(1.5, 10, 1));
        assertTrue(e.getMessage().contains("searchThreshold") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MarketplaceConfig.defaults().withSize(1, 10));
        assertTrue(e.getMessage().contains("items"), e.getMessage());
    }
}
