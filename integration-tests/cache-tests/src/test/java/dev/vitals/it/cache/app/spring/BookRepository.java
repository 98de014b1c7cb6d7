package dev.vitals.it.cache.app.spring;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Repository;

import java.util.concurrent.atomic.AtomicInteger;

/** Looks books up "slowly"; the cache answers repeated lookups. */
@Repository
public class BookRepository {
    private final AtomicInteger calls = new AtomicInteger();

    @Cacheable("books")
    public String find(String isbn) {
        calls.incrementAndGet();
        return "book-" + isbn;
    }

    public int calls() {
        return calls.get();
    }
}
