package org.distill4ads.distill.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelevanceImporterTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(RelevanceImporterTest.class.getResource("/relevance/" + name).toURI());
    }

    /** Home Depot's layout, latin-1: "Caf\u00e9" is one byte 0xE9 there. */
    static final String HOME_DEPOT = "\"id\",\"product_uid\",\"product_title\",\"search_term\",\"relevance\"\n"
            + "2,100001,Simpson Strong-Tie 12-Gauge Angle,angle bracket,3\n"
            + "3,100001,Simpson Strong-Tie 12-Gauge Angle,l bracket,2.5\n"
            + "9,100002,Behr Premium Caf\u00e9 Paint,deck over,2.33\n"
            + "16,100005,Delta Vero Shower Faucet,rain shower head,1.67\n"
            + "17,100005,Delta Vero Shower Faucet,moen shower head,1.33\n"
            + "18,100005,Delta Vero Shower Faucet,faucet,1\n";

    private Path homeDepot() throws IOException {
        Path f = tmp.resolve("train.csv");
        Files.write(f, HOME_DEPOT.getBytes(StandardCharsets.ISO_8859_1));
        return f;
    }

    @Test
    void crowdflowerKeepsQuotedNewlinesAndMapsTheMedian() throws Exception {
        RelevanceImporter.Result r = RelevanceImporter.read(fixture("crowdflower.csv"), RelevanceLayout.crowdflower(), 100);
        assertEquals(5, r.rows());
        // no id column: products are their titles (the Kaggle id numbers rows, not products)
        String pillow = RelevanceImporter.titleId("Heart Pillow - Red");
        String lights = RelevanceImporter.titleId("Set of 10 Battery Operated LED Lights");
        String solar = RelevanceImporter.titleId("Solar Garden Lights");
        assertEquals(List.of(pillow, lights, solar), r.items().stream().map(Item::id).toList());
        assertEquals(new Item(pillow, "Heart Pillow - Red", ""), r.items().get(0));
        // whitespace inside a query collapses; case stays
        assertEquals(List.of(new Keyphrase("bridal shower decorations", 100), new Keyphrase("led christmas lights", 100),
                new Keyphrase("LED christmas lights", 100)), r.keyphrases());
        // 4 -> 2, 3 -> 1, 2 and 1 -> 0; the pillow judged twice for one query keeps the higher (both 0)
        assertEquals(Map.of("bridal shower decorations", 0, "LED christmas lights", 0), r.truth().gradesOf(pillow));
        assertEquals(Map.of("led christmas lights", 2), r.truth().gradesOf(lights));
        assertEquals(Map.of("led christmas lights", 1), r.truth().gradesOf(solar));
        assertEquals(4, r.truth().size());
        assertEquals(1, r.repeatedPairs());
        assertTrue(r.describe().contains("4 judged pairs (grade 2/1/0: 1/1/2)"), r.describe());
    }

    @Test
    void descriptionWordsJoinTheTitleOnOneLine() throws Exception {
        RelevanceImporter.Result r = RelevanceImporter.read(fixture("crowdflower.csv"),
                RelevanceLayout.crowdflower().withDescriptionWords(3), 1);
        assertEquals("Heart Pillow - Red Red satin pillow,", r.items().get(0).title());
        // the description's blank line and line breaks collapse
        assertEquals("Set of 10 Battery Operated LED Lights String lights with", r.items().get(1).title());
        assertEquals("Solar Garden Lights", r.items().get(2).title());
    }

    @Test
    void homeDepotIsLatin1AndRoundsTheMeanOfRaters() throws Exception {
        RelevanceImporter.Result r = RelevanceImporter.read(homeDepot(), RelevanceLayout.homeDepot(), 1);
        assertEquals(List.of("100001", "100002", "100005"), r.items().stream().map(Item::id).toList());
        assertEquals("Behr Premium Caf\u00e9 Paint", r.items().get(1).title());
        assertEquals(Map.of("angle bracket", 2, "l bracket", 2), r.truth().gradesOf("100001"));
        assertEquals(Map.of("deck over", 1), r.truth().gradesOf("100002"));
        assertEquals(Map.of("rain shower head", 1, "moen shower head", 0, "faucet", 0), r.truth().gradesOf("100005"));
    }

    @Test
    void latin1ReadAsUtf8FailsNamingTheLine() throws Exception {
        Path f = homeDepot();
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> RelevanceImporter.read(f, RelevanceLayout.homeDepot().withEncoding(StandardCharsets.UTF_8), 1));
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("is not UTF-8 text"), e.getMessage());
        assertTrue(e.getMessage().contains("ISO-8859-1"), e.getMessage());
    }

    @Test
    void wandsIsTabSeparatedWithQuotes() throws Exception {
        RelevanceImporter.Result r = RelevanceImporter.read(fixture("wands.tsv"), RelevanceLayout.wands(), 1);
        assertEquals(List.of(new Item("25434", "22.5 \"w hydraulic chair", "Salon Chairs"), new Item("12088", "armchair", "Accent Chairs")),
                r.items());
        assertEquals(Map.of("salon chair", 2), r.truth().gradesOf("25434"));
        assertEquals(Map.of("salon chair", 1, "bar stool", 0), r.truth().gradesOf("12088"));
    }

    @Test
    void esciMapsExactSubstituteComplementIrrelevant() throws Exception {
        RelevanceImporter.Result r = RelevanceImporter.read(fixture("esci.csv"), RelevanceLayout.esci(), 1);
        assertEquals("Homewerks 7141-80 Bathroom Fan, 80 CFM", r.items().get(1).title());
        assertEquals(Map.of("revent 80 cfm", 0), r.truth().gradesOf("B000MOO21W"));
        assertEquals(Map.of("revent 80 cfm", 2), r.truth().gradesOf("B07X3Y6B1V"));
        assertEquals(Map.of("revent 80 cfm", 1), r.truth().gradesOf("B07WDM7MQQ"));
        assertEquals(Map.of("!awnmower tires without rims", 0), r.truth().gradesOf("B08L3B9B9P"));
    }

    @Test
    void gradeScalesRejectValuesOffTheScale() {
        assertEquals(-1, GradeScale.CROWDFLOWER_MEDIAN.grade("5"));
        assertEquals(-1, GradeScale.CROWDFLOWER_MEDIAN.grade("3.5"));
        assertEquals(2, GradeScale.HOME_DEPOT_MEAN.grade("2.67"));
        assertEquals(1, GradeScale.HOME_DEPOT_MEAN.grade("2.49"));
        assertEquals(1, GradeScale.HOME_DEPOT_MEAN.grade("1.5"));
        assertEquals(0, GradeScale.HOME_DEPOT_MEAN.grade("1.49"));
        assertEquals(-1, GradeScale.HOME_DEPOT_MEAN.grade("0.9"));
        assertEquals(-1, GradeScale.HOME_DEPOT_MEAN.grade("NaN"));
        assertEquals(2, GradeScale.ESCI_LABEL.grade(" exact "));
        assertEquals(-1, GradeScale.ESCI_LABEL.grade("X"));
        assertEquals(-1, GradeScale.WANDS_LABEL.grade("E"));
    }

    @Test
    void aZipWithOneMemberReadsAsThePlainFile() throws Exception {
        Path zip = tmp.resolve("train.csv.zip");
        zip(zip, Map.of("train.csv", Files.readAllBytes(fixture("crowdflower.csv"))));
        RelevanceImporter.Result plain = RelevanceImporter.read(fixture("crowdflower.csv"), RelevanceLayout.crowdflower(), 1);
        RelevanceImporter.Result zipped = RelevanceImporter.read(zip, RelevanceLayout.crowdflower(), 1);
        assertEquals(plain.items(), zipped.items());
        assertEquals(plain.keyphrases(), zipped.keyphrases());
        for (Item i : plain.items()) {
            assertEquals(plain.truth().gradesOf(i.id()), zipped.truth().gradesOf(i.id()));
        }
    }

    @Test
    void aBadGradeInAZipNamesTheMemberLineAndColumn() throws Exception {
        Path zip = tmp.resolve("bad.zip");
        String csv = "query,product_title,product_description,median_relevance\n"
                + "a,b,\"two\nlines\",4\n"
                + "c,d,,five\n";
        zip(zip, Map.of("train.csv", csv.getBytes(StandardCharsets.UTF_8)));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> RelevanceImporter.read(zip, RelevanceLayout.crowdflower(), 1));
        assertEquals(zip + "!train.csv:4: column \"median_relevance\": got \"five\", expected a whole number 1, 2, 3 or 4",
                e.getMessage());
        assertEquals(4, e.line());
    }

    @Test
    void aZipWithTwoFilesIsRefused() throws Exception {
        Path zip = tmp.resolve("two.zip");
        zip(zip, new java.util.TreeMap<>(Map.of("a.csv", Files.readAllBytes(fixture("crowdflower.csv")), "b.csv", new byte[0])));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> RelevanceImporter.read(zip, RelevanceLayout.crowdflower(), 1));
        assertTrue(e.getMessage().contains("holds more than one file (a.csv, b.csv)"), e.getMessage());
    }

    @Test
    void errorsNameFileLineAndColumn() throws Exception {
        String header = "query,product_uid,product_title,search_term,relevance\n";
        assertError("query,product_uid,product_title,relevance\nx,1,t,3\n", RelevanceLayout.homeDepot(), 1, "search_term",
                "missing from the header");
        assertError("product_uid,product_title,search_term,relevance\n1,t,,3\n", RelevanceLayout.homeDepot(), 2, "search_term",
                "got \"\", expected a non-blank text");
        assertError("product_uid,product_title,search_term,relevance\n1,t,q,3\n2,u,q,4\n", RelevanceLayout.homeDepot(), 3,
                "relevance", "got \"4\", expected a number from 1 to 3");
        assertError("product_uid,product_title,search_term,relevance\n1,\"t,q,3\n", RelevanceLayout.homeDepot(), 2, null,
                "cannot be split into fields");
        assertError(header.replace("query,", ""), RelevanceLayout.homeDepot(), 0, null, "holds no judged pairs");
    }

    @Test
    void aProductIdWithAnotherTitleKeepsItsFirst() throws Exception {
        Path f = tmp.resolve("retitled.csv");
        Files.writeString(f, "product_uid,product_title,search_term,relevance\n1,t,q,3\n1,other,q2,1\n");
        RelevanceImporter.Result r = RelevanceImporter.read(f, RelevanceLayout.homeDepot(), 1);
        assertEquals(List.of(new Item("1", "t", "")), r.items());
        assertEquals(Map.of("q", 2, "q2", 0), r.truth().gradesOf("1"));
        assertEquals(1, r.retitled());
        assertTrue(r.describe().endsWith("1 rows gave a product another title (the first kept)"), r.describe());
    }

    @Test
    void columnsCanBeRemapped() throws Exception {
        Path f = tmp.resolve("mine.tsv");
        Files.writeString(f, "q\tsku\tname\tgrade\nred shoes\tA1\tRed Shoe\t2\n");
        RelevanceLayout layout = RelevanceLayout.wands().withColumn("query", "q").withColumn("id", "sku")
                .withColumn("title", "name").withColumn("grade", "grade").withColumn("category", "")
                .withColumn("description", "");
        RelevanceLayout graded = new RelevanceLayout("mine", '\t', StandardCharsets.UTF_8, layout.query(), layout.productId(),
                layout.title(), null, null, layout.grade(), GradeScale.GRADE_0_2, 0);
        RelevanceImporter.Result r = RelevanceImporter.read(f, graded, 1);
        assertEquals(Map.of("red shoes", 2), r.truth().gradesOf("A1"));
        assertThrows(IllegalArgumentException.class, () -> layout.withColumn("price", "p"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelevanceLayout.preset("amazon"));
        assertTrue(e.getMessage().contains("[crowdflower, homedepot, wands, esci]"), e.getMessage());
    }

    private void assertError(String csv, RelevanceLayout layout, long line, String column, String fragment) throws IOException {
        Path f = tmp.resolve("err.csv");
        Files.writeString(f, csv);
        DataFormatException e = assertThrows(DataFormatException.class, () -> RelevanceImporter.read(f, layout, 1), csv);
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    private static void zip(Path zip, Map<String, byte[]> members) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                z.putNextEntry(new ZipEntry(m.getKey()));
                z.write(m.getValue());
                z.closeEntry();
            }
        }
    }
}
