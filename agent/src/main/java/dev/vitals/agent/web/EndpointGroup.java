package dev.vitals.agent.web;

import dev.vitals.exporter.HttpExporter;

/** A set of routes that a feature adds to the listener. */
@FunctionalInterface
public interface EndpointGroup {
    void register(HttpExporter.Builder http);
}
