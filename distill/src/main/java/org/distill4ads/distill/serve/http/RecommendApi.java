package org.distill4ads.distill.serve.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.distill4ads.distill.serve.BundleIdentity;
import org.distill4ads.distill.serve.RecommendationJson;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The endpoint's routes (docs/serving.md has the contract): {@code POST /recommend}, {@code GET
 * /health}, {@code GET /ready}, {@code GET /model}. Every answer is JSON; a bad request gets a 4xx
 * whose {@code error} names the field and what was expected.
 */
final class RecommendApi extends Handler.Abstract {
    private static final Set<String> REQUEST_FIELDS = Set.of("title", "category", "id", "items");
    private static final Set<String> ITEM_FIELDS = Set.of("title", "category", "id");

    /** One item of a request: its id (may be null) and the text the models read. */
    record Item(String id, String text) {}

    private final Function<List<String>, List<Recommendation>> recommend;
    private final ServerSettings settings;
    private final String identity;
    private final String modelHash;
    private final java.util.function.BooleanSupplier ready;

    RecommendApi(Function<List<String>, List<Recommendation>> recommend, BundleIdentity id, KeyphraseRecommender.Settings search,
                 ServerSettings settings, java.util.function.BooleanSupplier ready, IntSupplier batching) {
        this.recommend = recommend;
        this.settings = settings;
        this.ready = ready;
        this.modelHash = id.student().hash();
        ObjectNode o = RecommendationJson.JSON.createObjectNode();
        o.put("bundle", id.bundle());
        o.putObject("student").put("fingerprint", id.student().hash()).put("parameters", id.student().parameters());
        o.putObject("filter").put("fingerprint", id.filter().hash()).put("parameters", id.filter().parameters())
                .put("threshold", id.threshold());
        o.put("keyphrases", id.keyphrases());
        o.put("dimension", id.dimension());
        ArrayNode dims = o.putArray("matryoshka");
        for (int d : id.matryoshka()) {
            dims.add(d);
        }
        o.putObject("search").put("dim", search.dim()).put("candidates", search.candidates()).put("k", search.k())
                .put("threshold", search.threshold());
        o.putObject("limits").put("max_body_bytes", settings.maxBodyBytes()).put("max_items", settings.maxItems())
                .put("max_title_chars", settings.maxTitleChars()).put("max_batch", batching.getAsInt());
        this.identity = o.toString();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            switch (path) {
                case "/recommend" -> {
                    require(method, "POST", path);
                    ok(response, recommend(request), callback);
                }
                case "/health" -> {
                    require(method, "GET", path);
                    ok(response, "{\"status\":\"up\"}", callback);
                }
                case "/ready" -> {
                    require(method, "GET", path);
                    if (ready.getAsBoolean()) {
                        ok(response, "{\"ready\":true}", callback);
                    } else {
                        JsonErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE_503, "not ready: the server is stopping", callback);
                    }
                }
                case "/model" -> {
                    require(method, "GET", path);
                    ok(response, identity, callback);
                }
                default -> throw new ApiException(HttpStatus.NOT_FOUND_404, "no route " + path
                        + "; the routes are POST /recommend, GET /health, GET /ready and GET /model");
            }
        } catch (ApiException e) {
            JsonErrors.write(response, e.status, e.getMessage(), callback);
        } catch (RuntimeException e) {
            JsonErrors.write(response, HttpStatus.INTERNAL_SERVER_ERROR_500, "recommendation failed: " + e, callback);
        }
        return true;
    }

    private static void require(String method, String expected, String path) throws ApiException {
        if (!expected.equals(method)) {
            throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED_405, path + " takes " + expected + ", got " + method);
        }
    }

    private static void ok(Response response, String json, Callback callback) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonErrors.JSON_TYPE);
        Content.Sink.write(response, true, json, callback);
    }

    private String recommend(Request request) throws ApiException {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "the body must be JSON (Content-Type: application/json), got "
                    + type);
        }
        long declared = request.getLength();
        if (declared > settings.maxBodyBytes()) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE_413, "the body may be at most " + settings.maxBodyBytes()
                    + " bytes, got " + declared);
        }
        List<Item> items = parse(readBody(request));
        List<Recommendation> recs = recommend.apply(items.stream().map(Item::text).toList());
        ObjectNode o = RecommendationJson.JSON.createObjectNode();
        o.put("model", modelHash);
        ArrayNode results = o.putArray("results");
        for (int i = 0; i < items.size(); i++) {
            results.add(RecommendationJson.of(items.get(i).id(), recs.get(i)));
        }
        return o.toString();
    }

    /** The body, read up to the limit (a body without a declared length is cut off there too). */
    private byte[] readBody(Request request) throws ApiException {
        int max = settings.maxBodyBytes();
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE_413, "the body may be at most " + max + " bytes, got more");
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, "could not read the body: " + e.getMessage());
        }
    }

    /** A request body's items: {"title", "category"?, "id"?} or {"items": [ITEM or "title", ...]}. */
    List<Item> parse(byte[] body) throws ApiException {
        JsonNode root;
        try {
            root = RecommendationJson.JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, "the body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, "the body must be a JSON object, {\"title\": ...} or {\"items\": [...]}, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        unknownFields(root, REQUEST_FIELDS, "");
        JsonNode list = root.get("items");
        if (list == null) {
            return List.of(item(root, ""));
        }
        if (root.has("title") || root.has("category") || root.has("id")) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, "give either one item (title, category, id) or \"items\", not both");
        }
        if (!list.isArray()) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, "items must be an array, got " + type(list));
        }
        if (list.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, "items is empty; give at least one");
        }
        if (list.size() > settings.maxItems()) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE_413, "a request may hold at most " + settings.maxItems() + " items, got "
                    + list.size());
        }
        List<Item> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String where = "items[" + i + "]";
            if (e.isTextual()) {
                items.add(new Item(null, text(e.asText(), null, where)));
            } else if (e.isObject()) {
                unknownFields(e, ITEM_FIELDS, where + ".");
                items.add(item(e, where + "."));
            } else {
                throw new ApiException(HttpStatus.BAD_REQUEST_400, where + " must be a title or an object {\"title\": ...}, got " + type(e));
            }
        }
        return items;
    }

    private Item item(JsonNode o, String where) throws ApiException {
        JsonNode title = o.get("title");
        if (title == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, where + "title is missing");
        }
        String id = string(o.get("id"), where + "id");
        return new Item(id, text(string(title, where + "title"), string(o.get("category"), where + "category"), where + "title"));
    }

    private String text(String title, String category, String where) throws ApiException {
        if (title.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, where + " is blank");
        }
        String text = category == null || category.isEmpty() ? title : title + " | " + category;
        if (text.length() > settings.maxTitleChars()) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, where + " has " + text.length() + " characters (with its category),"
                    + " at most " + settings.maxTitleChars());
        }
        return text;
    }

    private static String string(JsonNode n, String where) throws ApiException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ApiException(HttpStatus.BAD_REQUEST_400, where + " must be a string, got " + type(n));
        }
        return n.asText();
    }

    private static void unknownFields(JsonNode o, Set<String> known, String where) throws ApiException {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new ApiException(HttpStatus.BAD_REQUEST_400, "unknown field " + where + f + ", expected "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static String type(JsonNode n) {
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
