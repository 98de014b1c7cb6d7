package dev.vitals.agent.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vitals.exporter.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A message from a stream client: {@code {"type":"subscribe","metrics":["cache"],"interval":500}},
 * {@code {"type":"unsubscribe","metrics":["cache"]}}, or {@code {"type":"ping"}}. {@code metrics} may also be
 * one comma-separated string. Unknown fields are ignored. Group names are checked by the caller.
 *
 * <p>Immutable.
 */
final class ClientMessage {
    enum Type { SUBSCRIBE, UNSUBSCRIBE, PING }

    /** A message that cannot be understood; its text goes to the client in an {@code error} message. */
    static final class BadMessage extends Exception {
        private static final long serialVersionUID = 1L;

        BadMessage(String detail) {
            super(detail, null, false, false);
        }
    }

    static final String USAGE = "send {\"type\":\"subscribe\",\"metrics\":[\"requests\"],\"interval\":1000}, "
            + "{\"type\":\"unsubscribe\",\"metrics\":[\"requests\"]} or {\"type\":\"ping\"}";

    final Type type;
    /** Requested groups as written by the client; empty when none were given. */
    final List<String> metrics;
    /** Requested interval in milliseconds, or {@code null}. */
    final Long interval;

    private ClientMessage(Type type, List<String> metrics, Long interval) {
        this.type = type;
        this.metrics = metrics;
        this.interval = interval;
    }

    static ClientMessage parse(String text) throws BadMessage {
        String typeName = null;
        List<String> metrics = null;
        Long interval = null;
        try (JsonParser p = Json.factory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadMessage("a message must be a JSON object; " + USAGE);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type":
                        if (value != JsonToken.VALUE_STRING) {
                            throw new BadMessage("\"type\" must be a string; " + USAGE);
                        }
                        typeName = p.getText();
                        break;
                    case "metrics":
                        metrics = metrics(p, value);
                        break;
                    case "interval":
                        if (value == JsonToken.VALUE_NULL) {
                            break;
                        }
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            throw new BadMessage("\"interval\" must be a whole number of milliseconds");
                        }
                        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                            throw new BadMessage("\"interval\" is too large");
                        }
                        interval = p.getLongValue();
                        if (interval <= 0) {
                            throw new BadMessage("\"interval\" must be positive, got " + interval);
                        }
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new BadMessage("a message must be exactly one JSON object");
            }
        } catch (IOException e) {
            throw new BadMessage("not valid JSON; " + USAGE);
        }
        if (typeName == null) {
            throw new BadMessage("missing \"type\"; " + USAGE);
        }
        Type type;
        switch (typeName) {
            case "subscribe":
                type = Type.SUBSCRIBE;
                break;
            case "unsubscribe":
                type = Type.UNSUBSCRIBE;
                break;
            case "ping":
                type = Type.PING;
                break;
            default:
                throw new BadMessage("unknown type '" + abbreviate(typeName) + "'; " + USAGE);
        }
        if (type == Type.UNSUBSCRIBE && (metrics == null || metrics.isEmpty())) {
            throw new BadMessage("unsubscribe needs \"metrics\": the groups to stop");
        }
        if (type == Type.SUBSCRIBE && (metrics == null || metrics.isEmpty()) && interval == null) {
            throw new BadMessage("subscribe needs \"metrics\", \"interval\" or both");
        }
        return new ClientMessage(type, metrics == null ? Collections.emptyList() : metrics, interval);
    }

    private static List<String> metrics(JsonParser p, JsonToken value) throws IOException, BadMessage {
        List<String> names = new ArrayList<>();
        if (value == JsonToken.VALUE_STRING) {
            for (String part : p.getText().split(",")) {
                if (!part.trim().isEmpty()) {
                    names.add(part.trim());
                }
            }
            return names;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new BadMessage("\"metrics\" must be an array of group names");
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw new BadMessage("\"metrics\" must be an array of group names (strings)");
            }
            if (names.size() >= 64) {
                throw new BadMessage("\"metrics\" has too many entries");
            }
            names.add(p.getText());
        }
        return names;
    }

    static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
