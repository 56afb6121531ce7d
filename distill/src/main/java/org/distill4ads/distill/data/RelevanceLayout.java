package org.distill4ads.distill.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The layout of a graded query–product relevance file: its field separator and text encoding,
 * which header columns hold the query, the product id, the title, the optional description and
 * category, and the grade, and the {@linkplain GradeScale scale} of that grade. A column given as
 * null is absent; without a product id column, a product is identified by its title.
 *
 * <p>The presets name the public layouts; each can be changed with {@link #withColumn} and
 * {@link #withEncoding}:
 * <table>
 *   <caption>presets</caption>
 *   <tr><th>preset</th><th>separator, encoding</th><th>query, id, title, description, category</th><th>grade</th></tr>
 *   <tr><td>crowdflower</td><td>comma, UTF-8</td><td>query, (title), product_title, product_description, -</td>
 *       <td>median_relevance 1–4</td></tr>
 *   <tr><td>homedepot</td><td>comma, ISO-8859-1</td><td>search_term, product_uid, product_title, -, -</td>
 *       <td>relevance 1–3 (mean)</td></tr>
 *   <tr><td>wands</td><td>tab, UTF-8</td><td>query, product_id, product_name, product_description, product_class</td>
 *       <td>label Exact/Partial/Irrelevant</td></tr>
 *   <tr><td>esci</td><td>comma, UTF-8</td><td>query, product_id, product_title, product_description, -</td>
 *       <td>esci_label E/S/C/I</td></tr>
 * </table>
 *
 * @param descriptionWords how many words of the description to append to the title (0: none)
 */
public record RelevanceLayout(String name, char separator, Charset encoding, String query, String productId, String title,
                              String description, String category, String grade, GradeScale scale, int descriptionWords) {
    /** The column roles {@link #withColumn} accepts. */
    public static final List<String> ROLES = List.of("query", "id", "title", "description", "category", "grade");
    /** The preset names. */
    public static final List<String> PRESETS = List.of("crowdflower", "homedepot", "wands", "esci");

    public RelevanceLayout {
        Check.nonBlank("layout name", name);
        Check.nonBlank("query column", query);
        Check.nonBlank("title column", title);
        Check.nonBlank("grade column", grade);
        if (encoding == null || scale == null) {
            throw new IllegalArgumentException("a relevance layout needs an encoding and a grade scale");
        }
        if (separator == '"' || separator == '\n' || separator == '\r') {
            throw new IllegalArgumentException("the field separator cannot be a quote or a line break, got '" + separator + "'");
        }
        if (descriptionWords < 0) {
            throw new IllegalArgumentException("description words must be >= 0, got " + descriptionWords);
        }
        productId = blankToNull(productId);
        description = blankToNull(description);
        category = blankToNull(category);
    }

    /** The Kaggle "Crowdflower Search Results Relevance" train.csv. */
    public static RelevanceLayout crowdflower() {
        return new RelevanceLayout("crowdflower", ',', StandardCharsets.UTF_8, "query", null, "product_title",
                "product_description", null, "median_relevance", GradeScale.CROWDFLOWER_MEDIAN, 0);
    }

    /** The Kaggle "Home Depot Product Search Relevance" train.csv (latin-1). */
    public static RelevanceLayout homeDepot() {
        return new RelevanceLayout("homedepot", ',', StandardCharsets.ISO_8859_1, "search_term", "product_uid", "product_title",
                null, null, "relevance", GradeScale.HOME_DEPOT_MEAN, 0);
    }

    /** WANDS' label.csv joined with its query and product files into one tab-separated file. */
    public static RelevanceLayout wands() {
        return new RelevanceLayout("wands", '\t', StandardCharsets.UTF_8, "query", "product_id", "product_name",
                "product_description", "product_class", "label", GradeScale.WANDS_LABEL, 0);
    }

    /** Amazon's Shopping Queries Dataset (ESCI): the examples joined with the products, as CSV. */
    public static RelevanceLayout esci() {
        return new RelevanceLayout("esci", ',', StandardCharsets.UTF_8, "query", "product_id", "product_title",
                "product_description", null, "esci_label", GradeScale.ESCI_LABEL, 0);
    }

    /** The preset of a name (any case), or an exception listing the names. */
    public static RelevanceLayout preset(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "crowdflower" -> crowdflower();
            case "homedepot", "home-depot" -> homeDepot();
            case "wands" -> wands();
            case "esci" -> esci();
            default -> throw new IllegalArgumentException("unknown relevance preset '" + name + "', expected one of " + PRESETS);
        };
    }

    /** This layout with another header column for a role ({@link #ROLES}); an empty column removes an optional role. */
    public RelevanceLayout withColumn(String role, String column) {
        return switch (role.trim().toLowerCase(Locale.ROOT)) {
            case "query" -> new RelevanceLayout(name, separator, encoding, column, productId, title, description, category, grade,
                    scale, descriptionWords);
            case "id" -> new RelevanceLayout(name, separator, encoding, query, column, title, description, category, grade, scale,
                    descriptionWords);
            case "title" -> new RelevanceLayout(name, separator, encoding, query, productId, column, description, category, grade,
                    scale, descriptionWords);
            case "description" -> new RelevanceLayout(name, separator, encoding, query, productId, title, column, category, grade,
                    scale, descriptionWords);
            case "category" -> new RelevanceLayout(name, separator, encoding, query, productId, title, description, column, grade,
                    scale, descriptionWords);
            case "grade" -> new RelevanceLayout(name, separator, encoding, query, productId, title, description, category, column,
                    scale, descriptionWords);
            default -> throw new IllegalArgumentException("unknown column role '" + role + "', expected one of " + ROLES);
        };
    }

    public RelevanceLayout withEncoding(Charset charset) {
        return new RelevanceLayout(name, separator, charset, query, productId, title, description, category, grade, scale,
                descriptionWords);
    }

    public RelevanceLayout withSeparator(char c) {
        return new RelevanceLayout(name, c, encoding, query, productId, title, description, category, grade, scale,
                descriptionWords);
    }

    public RelevanceLayout withDescriptionWords(int words) {
        return new RelevanceLayout(name, separator, encoding, query, productId, title, description, category, grade, scale, words);
    }

    /** The header columns this layout reads, required ones first. */
    public List<String> required() {
        return productId == null ? List.of(query, title, grade) : List.of(query, productId, title, grade);
    }

    /** One line for logs: the preset, separator, encoding and grade mapping. */
    public String describe() {
        return name + " layout (" + (separator == '\t' ? "tab" : "'" + separator + "'") + "-separated, " + encoding.name()
                + ", grade column " + grade + ": " + scale.mapping() + ")";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
