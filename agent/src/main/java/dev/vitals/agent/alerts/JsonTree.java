package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a small JSON document into plain values ({@link LinkedHashMap}, {@link ArrayList}, {@link String},
 * {@link Double}, {@link Boolean}, {@code null}) with jackson-core's streaming parser, so that the rule and
 * custom-metric validators can name the offending field. No databind: the agent jar ships jackson-core only.
 *
 * <p>Refuses duplicate keys and nesting deeper than {@value #MAX_DEPTH} (a request body is at most 64 KiB,
 * but a 64 KiB run of {@code [} would otherwise recurse 65,536 frames deep).
 */
public final class JsonTree {
    static final int MAX_DEPTH = 16;

    private JsonTree() {
    }

    /** The document's value; a {@link HttpError} 400 naming the position when it is not one JSON value. */
    public static Object parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw HttpError.badRequest("body: expected a JSON object, got an empty body");
        }
        try (JsonParser p = Json.factory().createParser(body)) {
            JsonToken t = p.nextToken();
            Object value = read(p, t, 0);
            if (p.nextToken() != null) {
                throw HttpError.badRequest("body: unexpected content after the JSON value at line "
                        + p.currentLocation().getLineNr() + " column " + p.currentLocation().getColumnNr());
            }
            return value;
        } catch (JsonParseException e) {
            throw HttpError.badRequest("body: malformed JSON at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HttpError.badRequest("body: unreadable JSON: " + e.getMessage());
        }
    }

    private static Object read(JsonParser p, JsonToken t, int depth) throws IOException {
        if (t == null) {
            throw HttpError.badRequest("body: truncated JSON");
        }
        if (depth > MAX_DEPTH) {
            throw HttpError.badRequest("body: JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    if (k == null) {
                        throw HttpError.badRequest("body: truncated JSON");
                    }
                    String name = p.currentName();
                    Object v = read(p, p.nextToken(), depth + 1);
                    if (map.containsKey(name)) {
                        throw HttpError.badRequest(name + ": appears twice");
                    }
                    map.put(name, v);
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(read(p, e, depth + 1));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw HttpError.badRequest("body: unexpected JSON token " + t);
        }
    }
}
