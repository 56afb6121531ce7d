package org.distill4ads.distill.sim;

import java.util.List;
import java.util.Map;

/**
 * The built-in world of the simulated marketplace: categories, their product types with the
 * synonyms buyers and sellers use for them, and the attribute values items carry.
 */
public final class Vocabulary {
    /** A product type: its canonical name first, then synonyms that mean exactly the same. */
    public record ProductType(List<String> names) {
        public ProductType {
            names = List.copyOf(names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a product type needs at least one name");
            }
        }

        public String canonical() {
            return names.get(0);
        }
    }

    /**
     * A category: product types and, per attribute kind (brand, color, material, …), its values.
     * Keyphrases name attributes in the order of {@code attributeKinds}.
     */
    public record Category(String name, List<ProductType> types, List<String> attributeKinds,
                           Map<String, List<String>> values) {
        public Category {
            types = List.copyOf(types);
            attributeKinds = List.copyOf(attributeKinds);
            values = Map.copyOf(values);
            for (String kind : attributeKinds) {
                if (!values.containsKey(kind) || values.get(kind).isEmpty()) {
                    throw new IllegalArgumentException("category '" + name + "' has no values for attribute '" + kind + "'");
                }
            }
        }
    }

    private static final List<String> COLORS = List.of("black", "white", "red", "blue", "green", "grey", "brown", "pink", "beige", "navy");

    private Vocabulary() {
    }

    /** The default world: six categories, 22 product types, about 60 type names. */
    public static List<Category> standard() {
        return List.of(
                new Category("Shoes", List.of(
                        type("sneakers", "running shoes", "trainers"),
                        type("boots", "ankle boots", "booties"),
                        type("sandals", "flip flops", "slides"),
                        type("loafers", "slip ons", "moccasins")),
                        List.of("color", "brand", "material"),
                        Map.of("brand", List.of("nike", "adidas", "puma", "reebok", "asics", "vans"),
                                "color", COLORS,
                                "material", List.of("leather", "suede", "canvas", "mesh", "rubber"))),
                new Category("Clothing", List.of(
                        type("jacket", "coat", "parka"),
                        type("hoodie", "sweatshirt", "pullover"),
                        type("t shirt", "tee", "top"),
                        type("jeans", "denim pants", "denims")),
                        List.of("color", "brand", "material"),
                        Map.of("brand", List.of("levis", "zara", "gap", "uniqlo", "carhartt", "patagonia"),
                                "color", COLORS,
                                "material", List.of("cotton", "wool", "denim", "fleece", "polyester"))),
                new Category("Audio", List.of(
                        type("headphones", "headset", "over ear cans"),
                        type("earbuds", "earphones", "in ear monitors"),
                        type("speaker", "soundbar", "boombox"),
                        type("turntable", "record player", "vinyl player")),
                        List.of("color", "brand", "connectivity"),
                        Map.of("brand", List.of("sony", "bose", "jbl", "sennheiser", "audio technica", "marshall"),
                                "color", List.of("black", "white", "silver", "blue", "red", "gold"),
                                "connectivity", List.of("wireless", "bluetooth", "wired", "usb c"))),
                new Category("Home", List.of(
                        type("lamp", "light", "lantern"),
                        type("sofa", "couch", "settee"),
                        type("rug", "carpet", "mat"),
                        type("curtains", "drapes", "window panels")),
                        List.of("style", "color", "material"),
                        Map.of("style", List.of("vintage", "modern", "rustic", "boho", "industrial"),
                                "color", COLORS,
                                "material", List.of("wood", "linen", "velvet", "jute", "brass", "glass"))),
                new Category("Kitchen", List.of(
                        type("mug", "cup", "tumbler"),
                        type("kettle", "tea kettle", "water boiler"),
                        type("skillet", "frying pan", "fry pan")),
                        List.of("color", "brand", "material"),
                        Map.of("brand", List.of("lodge", "le creuset", "oxo", "tefal", "yeti"),
                                "color", COLORS,
                                "material", List.of("ceramic", "cast iron", "stainless steel", "enamel", "glass"))),
                new Category("Bags", List.of(
                        type("backpack", "rucksack", "daypack"),
                        type("handbag", "purse", "shoulder bag"),
                        type("suitcase", "luggage", "carry on")),
                        List.of("color", "brand", "material"),
                        Map.of("brand", List.of("samsonite", "herschel", "coach", "kipling", "osprey"),
                                "color", COLORS,
                                "material", List.of("leather", "nylon", "canvas", "polyester"))));
    }

    private static ProductType type(String... names) {
        return new ProductType(List.of(names));
    }
}
