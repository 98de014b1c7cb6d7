package com.example.library;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Fills the in-memory database before the application takes requests. */
@Component
public class SampleData implements ApplicationRunner {
    private final Authors authors;
    private final Books books;
    private final Members members;
    private final Loans loans;
    private final Reviews reviews;

    SampleData(Authors authors, Books books, Members members,
               Loans loans, Reviews reviews) {
        this.authors = authors;
        this.books = books;
        this.members = members;
        this.loans = loans;
        this.reviews = reviews;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        String[][] people = {{"Ursula K. Le Guin", "US"}, {"Italo Calvino", "IT"}, {"Stanisław Lem", "PL"},
                {"Chinua Achebe", "NG"}, {"Haruki Murakami", "JP"}};
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (int a = 0; a < people.length; a++) {
            Author author = authors.save(new Author(people[a][0], people[a][1]));
            Member member = members.save(new Member("Member " + a, "member" + a + "@example.com", day.plusDays(a)));
            for (int b = 0; b < 4; b++) {
                Book book = books.save(new Book("Volume " + (char) ('A' + a) + b, "978-0-" + a + b + "-000000-0",
                        1950 + 7 * a + b, BigDecimal.valueOf(900 + 150L * b, 2), author));
                reviews.save(new Review(book, 3 + (a + b) % 3, "review of " + book.getTitle()));
                Loan loan = loans.save(new Loan(book, member, day.plusDays(b)));
                if (b % 2 == 0) {
                    loan.returnOn(day.plusDays(b + 14));
                }
            }
        }
    }
}
