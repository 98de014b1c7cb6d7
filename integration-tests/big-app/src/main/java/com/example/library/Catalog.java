package com.example.library;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Reads the catalogue; the summaries are cached (JCache over Caffeine). */
@Service
@Transactional(readOnly = true)
public class Catalog {
    private final Books books;
    private final Reviews reviews;
    private final Loans loans;

    Catalog(Books books, Reviews reviews, Loans loans) {
        this.books = books;
        this.reviews = reviews;
        this.loans = loans;
    }

    /** Serializable: the JCache provider stores values by value (copies them). */
    public record BookSummary(long id, String title, String author, int year, String price, double stars)
            implements Serializable {
    }

    @Cacheable("catalog")
    public List<BookSummary> summaries() {
        List<BookSummary> result = new ArrayList<>();
        for (Book b : books.findAllWithAuthor()) {
            Double stars = reviews.averageStars(b.getId());
            result.add(new BookSummary(b.getId(), b.getTitle(), b.getAuthor().getName(), b.getPublishedYear(),
                    b.getPrice().toPlainString(), stars == null ? 0 : stars));
        }
        return result;
    }

    @Cacheable("books")
    public BookSummary summary(long id) {
        Book b = books.findById(id).orElseThrow(() -> new NoSuchBook(id));
        Double stars = reviews.averageStars(id);
        return new BookSummary(b.getId(), b.getTitle(), b.getAuthor().getName(), b.getPublishedYear(),
                b.getPrice().toPlainString(), stars == null ? 0 : stars);
    }

    public long openLoans() {
        return loans.countByReturnedOnIsNull();
    }

    static final class NoSuchBook extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoSuchBook(long id) {
            super("no book " + id);
        }
    }
}
