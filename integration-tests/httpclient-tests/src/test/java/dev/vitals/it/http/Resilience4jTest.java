package dev.vitals.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The application's own Resilience4j breaker: its real transitions, read from its state machine. */
class Resilience4jTest {
    @Test
    void realTransitionsAreReported() {
        try (Child child = Child.start(Map.of())) {
            String name = "payments-r4j";
            assertEquals("CLOSED", child.control("/r4j", Map.of("name", name, "op", "state")));
            for (int i = 0; i < 3; i++) {
                assertEquals("CLOSED", child.control("/r4j", Map.of("name", name, "op", "fail")));
            }
            assertEquals("OPEN", child.control("/r4j", Map.of("name", name, "op", "fail")));
            assertEquals("HALF_OPEN", child.control("/r4j", Map.of("name", name, "op", "half-open")));
            assertEquals("CLOSED", child.control("/r4j", Map.of("name", name, "op", "succeed")));

            JsonNode circuit = child.breakers("?service=" + name).get("circuits").get(0);
            assertEquals("resilience4j", circuit.get("source").asText(), circuit.toString());
            assertEquals("CLOSED", circuit.get("state").asText());
            List<String> steps = new ArrayList<>();
            for (JsonNode t : circuit.get("transitions")) {
                steps.add(t.get("from").asText() + ">" + t.get("to").asText());
            }
            assertEquals(List.of("CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>CLOSED"), steps, circuit.toString());
            Metrics m = new Metrics(child.metrics());
            assertEquals(1, m.sum("vitals_circuit_breaker_state", "service", name, "state", "CLOSED"), m.text);
            assertEquals(0, m.sum("vitals_circuit_breaker_state", "service", name, "state", "OPEN"), m.text);
        }
    }
}
