package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.distill4ads.distill.data.ClickRecord;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketplaceSourceTest {
    @TempDir
    Path dir;

    @Test
    void wandsGetsItsTrafficFromTheSimulatedSearchEngine() throws IOException, URISyntaxException {
        Path wands = Path.of(getClass().getResource("/wands/product.csv").toURI()).getParent();
        MarketplaceSource source = MarketplaceSource.wands(wands, 0, MarketplaceConfig.defaults().withSearch(0.5, 10, 1));
        Marketplace m = source.load();
        assertNotNull(m.truth());
        assertFalse(m.items().isEmpty());
        assertFalse(m.relevance().isEmpty(), "SR scores are logged");
        for (RelevanceScore r : m.relevance()) {
            assertTrue(m.itemsById().containsKey(r.itemId()), r.toString());
        }
        for (ClickRecord c : m.clicks()) {
            assertTrue(m.itemsById().containsKey(c.itemId()), c.toString());
        }
        Marketplace again = source.load();
        assertEquals(m.clicks(), again.clicks(), "the same traffic every time");
        assertEquals(m.relevance(), again.relevance());
        assertEquals(2, m.truth().grade("0", "solid wood platform bed"), "WANDS Exact is grade 2");
        assertTrue(source.describe().contains(wands.toString()), source.describe());
    }

    @Test
    void aFolderSourceReadsWhatTheSimulatorWrote() throws IOException {
        Marketplace m = MarketplaceSource.simulated(MarketplaceConfig.defaults().withSize(40, 50)).load();
        MarketplaceFiles.write(dir, m);
        Marketplace back = MarketplaceSource.folder(dir).load();
        assertEquals(m.items(), back.items());
        assertEquals(m.clicks(), back.clicks());
        assertEquals(m.relevance(), back.relevance());
        assertEquals(m.truth().size(), back.truth().size());
    }
}
