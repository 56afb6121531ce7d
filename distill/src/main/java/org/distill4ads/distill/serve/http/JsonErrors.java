package org.distill4ads.distill.serve.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.distill4ads.distill.serve.RecommendationJson;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Every error the server answers, its own and Jetty's (a malformed request line, a request refused
 * while stopping), as the same JSON body: {@code {"status": 400, "error": "..."}}.
 */
final class JsonErrors extends ErrorHandler {
    static final String JSON_TYPE = "application/json; charset=utf-8";

    static String body(int status, String message) {
        ObjectNode o = RecommendationJson.JSON.createObjectNode();
        o.put("status", status);
        o.put("error", message == null || message.isBlank() ? HttpStatus.getMessage(status) : message);
        return o.toString();
    }

    static void write(Response response, int status, String message, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        Content.Sink.write(response, true, body(status, message), callback);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        write(response, code, message, callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }
}
