package dev.vitals.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceNameTest {
    @Test
    void jarNameWithoutExtension() {
        assertEquals("demo-shop", ServiceName.derive("/opt/app/demo-shop.jar --traffic"));
    }

    @Test
    void simpleNameOfMainClass() {
        assertEquals("PetClinicApplication", ServiceName.derive("org.springframework.samples.PetClinicApplication --debug"));
    }

    @Test
    void fallbackWhenUnknown() {
        assertEquals("jvm-service", ServiceName.derive(null));
        assertEquals("jvm-service", ServiceName.derive("  "));
    }
}
