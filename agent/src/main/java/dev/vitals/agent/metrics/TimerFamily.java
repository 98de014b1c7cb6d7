package dev.vitals.agent.metrics;

/**
 * A capped family of {@link Timer}s sharing one {@link WindowConfig}. See {@link SeriesFamily} for the lookup,
 * cap and thread-safety contract. Resolve series once where you can and keep the handle.
 */
public final class TimerFamily extends SeriesFamily<Timer> {
    private final WindowConfig windowConfig;

    public TimerFamily(String name, int maxSeries, WindowConfig windowConfig, String... labelNames) {
        super(name, maxSeries, labelNames);
        if (windowConfig == null) {
            throw new IllegalArgumentException(name + ": windowConfig is null");
        }
        this.windowConfig = windowConfig;
    }

    public WindowConfig windowConfig() {
        return windowConfig;
    }

    @Override
    protected Timer newSeries() {
        return new Timer(windowConfig);
    }
}
