package dev.vitals.it.cache.app.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

/**
 * A small Spring Boot application: {@code @Cacheable("books")} on a repository, Spring's cache over JCache with
 * Caffeine's provider (Boot's auto-configuration, cache name configured in properties). Finds book 1 three times
 * and book 2 once: hits 2, misses 2, puts 2. Prints {@code SCENARIO DONE calls=N}, then stays up.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableCaching
public class SpringBootCacheApp {
    public static void main(String[] args) throws Exception {
        SpringApplication app = new SpringApplication(SpringBootCacheApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(Map.of("spring.cache.type", "jcache", "spring.cache.cache-names", "books",
                "spring.main.banner-mode", "off"));
        dev.vitals.it.cache.app.AgentReady.await(args[0]);
        ConfigurableApplicationContext context = app.run();
        BookRepository books = context.getBean(BookRepository.class);
        books.find("1");
        books.find("1");
        books.find("1");
        books.find("2");
        System.out.println("SCENARIO DONE calls=" + books.calls());
        Thread.currentThread().join();
    }
}
