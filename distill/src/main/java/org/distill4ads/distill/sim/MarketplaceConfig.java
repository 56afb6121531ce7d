package org.distill4ads.distill.sim;

/**
 * Sizes, noise and bias strengths of the simulated marketplace.
 *
 * @param seed                 every random choice follows from it
 * @param items                catalog size
 * @param keyphrases           distinct buyer queries (before plural and word-order variants)
 * @param variantRate          share of queries that also appear as a variant (singular, other word order), which
 *                             de-duplication should fold
 * @param typoRate             chance that a title carries a typo in one word
 * @param abbreviationRate     chance per abbreviable word that the seller abbreviates it ("blk", "lthr")
 * @param fillerRate           chance that a title carries filler ("NEW", "free shipping")
 * @param keywordStuffingRate  chance that a title names the product type twice, by two of its names
 * @param searchThreshold      the search engine's filter: an item enters the auction for a query only when its
 *                             lexical relevance score is at least this (the middleman)
 * @param positions            results shown per query
 * @param searchesPerVolume    searches simulated per unit of search volume
 * @param examinationDecay     examination probability at position p (1-based) is {@code 1 / p^decay}: position bias
 * @param clickExact           click probability of an examined exact (grade 2) result
 * @param clickPartial         … of a partial (grade 1) result
 * @param clickIrrelevant      … of an irrelevant (grade 0) result
 * @param srPairsPerItem       search-relevance scores logged per item (the best-scoring pairs, then random ones)
 * @param judgeFalsePositive   the simulated LLM judge's rate of calling an irrelevant pair relevant
 * @param judgeFalseNegative   its rate of calling a relevant pair irrelevant
 */
public record MarketplaceConfig(long seed, int items, int keyphrases, double variantRate, double typoRate,
                                double abbreviationRate, double fillerRate, double keywordStuffingRate,
                                double searchThreshold, int positions, double searchesPerVolume,
                                double examinationDecay, double clickExact, double clickPartial,
                                double clickIrrelevant, int srPairsPerItem, double judgeFalsePositive,
                                double judgeFalseNegative) {
    public MarketplaceConfig {
        atLeast("items", items, 2);
        atLeast("keyphrases", keyphrases, 2);
        atLeast("positions", positions, 1);
        atLeast("srPairsPerItem", srPairsPerItem, 0);
        probability("variantRate", variantRate);
        probability("typoRate", typoRate);
        probability("abbreviationRate", abbreviationRate);
        probability("fillerRate", fillerRate);
        probability("keywordStuffingRate", keywordStuffingRate);
        probability("searchThreshold", searchThreshold);
        probability("clickExact", clickExact);
        probability("clickPartial", clickPartial);
        probability("clickIrrelevant", clickIrrelevant);
        probability("judgeFalsePositive", judgeFalsePositive);
        probability("judgeFalseNegative", judgeFalseNegative);
        if (!(searchesPerVolume > 0) || !Double.isFinite(searchesPerVolume)) {
            throw new IllegalArgumentException("searchesPerVolume must be positive and finite, got " + searchesPerVolume);
        }
        if (!(examinationDecay >= 0) || !Double.isFinite(examinationDecay)) {
            throw new IllegalArgumentException("examinationDecay must be at least 0, got " + examinationDecay);
        }
    }

    private static void atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + v);
        }
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
    }

    /** The default marketplace of the main job: 1,500 items and 1,500 queries (~2,000 with variants). */
    public static MarketplaceConfig defaults() {
        return new MarketplaceConfig(42, 1500, 1500, 0.15, 0.08, 0.15, 0.3, 0.1,
                0.6, 10, 1.0, 1.0, 0.5, 0.1, 0.01, 24, 0.05, 0.1);
    }

    /** A small marketplace for quick runs and tests. */
    public static MarketplaceConfig small() {
        return defaults().withSize(300, 400);
    }

    /** The fields of a {@link MarketplaceConfig}, to change some and build a new one ({@link #with}). */
    public static final class Builder {
        public long seed;
        public int items;
        public int keyphrases;
        public double variantRate;
        public double typoRate;
        public double abbreviationRate;
        public double fillerRate;
        public double keywordStuffingRate;
        public double searchThreshold;
        public int positions;
        public double searchesPerVolume;
        public double examinationDecay;
        public double clickExact;
        public double clickPartial;
        public double clickIrrelevant;
        public int srPairsPerItem;
        public double judgeFalsePositive;
        public double judgeFalseNegative;

        private Builder(MarketplaceConfig c) {
            seed = c.seed;
            items = c.items;
            keyphrases = c.keyphrases;
            variantRate = c.variantRate;
            typoRate = c.typoRate;
            abbreviationRate = c.abbreviationRate;
            fillerRate = c.fillerRate;
            keywordStuffingRate = c.keywordStuffingRate;
            searchThreshold = c.searchThreshold;
            positions = c.positions;
            searchesPerVolume = c.searchesPerVolume;
            examinationDecay = c.examinationDecay;
            clickExact = c.clickExact;
            clickPartial = c.clickPartial;
            clickIrrelevant = c.clickIrrelevant;
            srPairsPerItem = c.srPairsPerItem;
            judgeFalsePositive = c.judgeFalsePositive;
            judgeFalseNegative = c.judgeFalseNegative;
        }

        public MarketplaceConfig build() {
            return new MarketplaceConfig(seed, items, keyphrases, variantRate, typoRate, abbreviationRate, fillerRate,
                    keywordStuffingRate, searchThreshold, positions, searchesPerVolume, examinationDecay, clickExact,
                    clickPartial, clickIrrelevant, srPairsPerItem, judgeFalsePositive, judgeFalseNegative);
        }
    }

    /** A copy with the changes {@code change} makes, e.g. {@code c.with(b -> b.clickExact = 0.5)}. */
    public MarketplaceConfig with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    public MarketplaceConfig withSeed(long v) {
        return with(b -> b.seed = v);
    }

    public MarketplaceConfig withSize(int newItems, int newKeyphrases) {
        return with(b -> {
            b.items = newItems;
            b.keyphrases = newKeyphrases;
        });
    }

    public MarketplaceConfig withSearch(double threshold, int newPositions, double decay) {
        return with(b -> {
            b.searchThreshold = threshold;
            b.positions = newPositions;
            b.examinationDecay = decay;
        });
    }

    public MarketplaceConfig withJudgeNoise(double falsePositive, double falseNegative) {
        return with(b -> {
            b.judgeFalsePositive = falsePositive;
            b.judgeFalseNegative = falseNegative;
        });
    }

    public MarketplaceConfig withTitleNoise(double typo, double abbreviation, double filler, double stuffing) {
        return with(b -> {
            b.typoRate = typo;
            b.abbreviationRate = abbreviation;
            b.fillerRate = filler;
            b.keywordStuffingRate = stuffing;
        });
    }
}
