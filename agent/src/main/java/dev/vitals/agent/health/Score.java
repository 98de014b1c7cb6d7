package dev.vitals.agent.health;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A 0-100 health score with the issues that lowered it and what to do about them: the shape of the {@code health}
 * block of {@code /health/database}, {@code /health/cache} and {@code /health/circuit-breakers}, of the
 * {@code performance} check and of the service as a whole ({@code score} in {@code /health}).
 *
 * <p>Built by starting at 100 and {@link Builder#deduct deducting} points per finding. Status: unhealthy under 50
 * (or when the builder was told the part is {@link Builder#failing failing}), degraded under 80, else healthy.
 * Immutable.
 */
public final class Score {
    public static final int DEGRADED_BELOW = 80;
    public static final int UNHEALTHY_BELOW = 50;

    public final int score;
    /** healthy, degraded or unhealthy. */
    public final String status;
    public final List<String> issues;
    public final List<String> recommendations;

    private Score(int score, String status, List<String> issues, List<String> recommendations) {
        this.score = score;
        this.status = status;
        this.issues = Collections.unmodifiableList(issues);
        this.recommendations = Collections.unmodifiableList(recommendations);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The whole made of {@code parts} (by name): as healthy as its weakest part, so the score is the lowest part's
     * score; its issues and recommendations are every part's, each issue prefixed with its part's name.
     */
    public static Score weakest(Map<String, Score> parts) {
        int min = 100;
        boolean failing = false;
        List<String> issues = new ArrayList<>();
        List<String> recommendations = new ArrayList<>();
        for (Map.Entry<String, Score> e : parts.entrySet()) {
            Score s = e.getValue();
            min = Math.min(min, s.score);
            failing |= HealthStatus.UNHEALTHY.label().equals(s.status);
            for (String issue : s.issues) {
                issues.add(e.getKey() + ": " + issue);
            }
            for (String r : s.recommendations) {
                if (!recommendations.contains(r)) {
                    recommendations.add(r);
                }
            }
        }
        return new Score(min, status(min, failing), issues, recommendations);
    }

    private static String status(int score, boolean failing) {
        HealthStatus s = failing || score < UNHEALTHY_BELOW ? HealthStatus.UNHEALTHY
                : score < DEGRADED_BELOW ? HealthStatus.DEGRADED : HealthStatus.HEALTHY;
        return s.label();
    }

    /** Writes {@code "name": {status, score, issues, recommendations}}. */
    public void write(JsonGenerator g, String name) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("status", status);
        g.writeNumberField("score", score);
        g.writeArrayFieldStart("issues");
        for (String i : issues) {
            g.writeString(i);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("recommendations");
        for (String r : recommendations) {
            g.writeString(r);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Collects findings; not thread-safe, used for one computation. */
    public static final class Builder {
        private int score = 100;
        private boolean failing;
        private final List<String> issues = new ArrayList<>();
        private final List<String> recommendations = new ArrayList<>();

        private Builder() {
        }

        /** Takes {@code points} off for {@code issue}; {@code recommendation} may be null. */
        public Builder deduct(int points, String issue, String recommendation) {
            score -= points;
            issues.add(issue);
            return recommend(recommendation);
        }

        public Builder recommend(String recommendation) {
            if (recommendation != null && !recommendations.contains(recommendation)) {
                recommendations.add(recommendation);
            }
            return this;
        }

        /** The part is down whatever its score (a failing check): the status is unhealthy. */
        public Builder failing() {
            failing = true;
            return this;
        }

        public Score build() {
            int clamped = Math.max(0, Math.min(100, score));
            return new Score(clamped, status(clamped, failing), new ArrayList<>(issues), new ArrayList<>(recommendations));
        }
    }
}
