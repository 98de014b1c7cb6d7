package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.store.AtomicFile;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.Json;
import dev.vitals.exporter.JsonWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rules, alert history and custom metrics under {@code <data.dir>/alerts/}: {@code rules.json},
 * {@code history.json} and {@code custom-metrics.json}.
 *
 * <p>Every write goes through {@link AtomicFile} (temporary file, fsync, rename), so {@code kill -9} at any
 * instant leaves either the old or the new document. Each file also has a {@code .prev} copy, written after the
 * main file with the same bytes: when the main file is corrupt (edited by hand, a disk error), loading logs one
 * line and falls back to the last good copy, and the agent still starts. The corrupt file is left as it is, for
 * inspection, until the next write replaces it.
 *
 * <p>Not thread-safe: the {@link AlertEngine} and its {@link RuleStore} call it under the engine's lock.
 */
final class AlertStore {
    private final Path rulesFile;
    private final Path historyFile;
    private final Path customFile;

    AlertStore(Path dir) {
        this.rulesFile = dir.resolve("rules.json");
        this.historyFile = dir.resolve("history.json");
        this.customFile = dir.resolve("custom-metrics.json");
    }

    /** The custom metrics' document ({@link CustomMetrics#write}), or {@code null} when none is kept. */
    Object loadCustomMetrics() {
        return load(customFile);
    }

    void saveCustomMetrics(JsonWriter writer) throws IOException {
        write(customFile, writer);
    }

    /** What {@code rules.json} holds: the API's rules and changed defaults, and defaults deleted through the API. */
    static final class StoredRules {
        final List<AlertRule> rules = new ArrayList<>();
        final Set<String> deletedDefaults = new LinkedHashSet<>();
    }

    StoredRules loadRules() {
        StoredRules out = new StoredRules();
        Object doc = load(rulesFile);
        if (doc == null) {
            return out;
        }
        Map<?, ?> m = (Map<?, ?>) doc;
        if (m.get("rules") instanceof List) {
            for (Object r : (List<?>) m.get("rules")) {
                try {
                    out.rules.add(RuleParser.parse(r, null, true, null, System.currentTimeMillis(), 0, null));
                } catch (HttpError e) {
                    Log.warn("alerts: skipping an unreadable rule in " + rulesFile + ": " + e.detail());
                }
            }
        }
        if (m.get("deletedDefaults") instanceof List) {
            for (Object id : (List<?>) m.get("deletedDefaults")) {
                out.deletedDefaults.add(String.valueOf(id));
            }
        }
        return out;
    }

    void saveRules(Collection<AlertRule> rules, Collection<String> deletedDefaults) throws IOException {
        write(rulesFile, g -> {
            g.writeStartObject();
            g.writeNumberField("version", 1);
            g.writeArrayFieldStart("rules");
            for (AlertRule r : rules) {
                r.write(g);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("deletedDefaults");
            for (String id : deletedDefaults) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    List<Alert> loadHistory() {
        List<Alert> out = new ArrayList<>();
        Object doc = load(historyFile);
        if (doc != null && ((Map<?, ?>) doc).get("alerts") instanceof List) {
            for (Object o : (List<?>) ((Map<?, ?>) doc).get("alerts")) {
                Alert a = Alert.read(o);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** Each rule's last notification time (epoch millis), from which its cooldown runs; empty when none is kept. */
    Map<String, Long> loadLastNotified() {
        Map<String, Long> out = new LinkedHashMap<>();
        Object doc = load(historyFile);
        if (doc != null && ((Map<?, ?>) doc).get("lastNotified") instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) ((Map<?, ?>) doc).get("lastNotified")).entrySet()) {
                if (e.getValue() instanceof Double) {
                    out.put(String.valueOf(e.getKey()), ((Double) e.getValue()).longValue());
                }
            }
        }
        return out;
    }

    void saveHistory(Iterable<Alert> alerts) throws IOException {
        saveHistory(alerts, Collections.emptyMap());
    }

    /** The alerts, active ones included, and each rule's last notification time (see {@link Evaluator#restore}). */
    void saveHistory(Iterable<Alert> alerts, Map<String, Long> lastNotified) throws IOException {
        write(historyFile, g -> {
            g.writeStartObject();
            g.writeNumberField("version", 1);
            g.writeArrayFieldStart("alerts");
            for (Alert a : alerts) {
                a.write(g);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("lastNotified");
            for (Map.Entry<String, Long> e : lastNotified.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void write(Path file, JsonWriter writer) throws IOException {
        byte[] bytes = Json.toBytes(writer);
        AtomicFile.write(file, bytes);
        AtomicFile.write(prev(file), bytes);
    }

    private static Path prev(Path file) {
        return file.resolveSibling(file.getFileName() + ".prev");
    }

    /** The file's document, else its previous good copy's, else {@code null}; one log line per load that falls back. */
    private static Object load(Path file) {
        String[] problem = new String[1];
        Object doc = parse(file, problem);
        if (doc != null || problem[0] == null) {
            return doc;
        }
        String[] prevProblem = new String[1];
        Object previous = parse(prev(file), prevProblem);
        Log.warn("alerts: " + file + " is corrupt (" + problem[0] + "); " + (previous != null
                ? "using the previous good copy " + prev(file) + " instead"
                : "the previous copy is not usable either" + (prevProblem[0] == null ? "" : " (" + prevProblem[0] + ")")
                        + ", so it starts without it"));
        return previous;
    }

    /** The file's JSON object; {@code null} when absent, or when unusable with the reason in {@code problem[0]}. */
    private static Object parse(Path file, String[] problem) {
        try {
            Optional<byte[]> bytes = AtomicFile.read(file);
            if (!bytes.isPresent()) {
                return null;
            }
            Object doc = JsonTree.parse(bytes.get());
            if (!(doc instanceof Map)) {
                throw HttpError.badRequest("expected a JSON object");
            }
            return doc;
        } catch (HttpError e) {
            problem[0] = e.detail();
            return null;
        } catch (IOException e) {
            problem[0] = "unreadable: " + e;
            return null;
        }
    }
}
