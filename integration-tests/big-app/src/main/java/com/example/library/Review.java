package com.example.library;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

@Entity
public class Review {
    @Id
    @GeneratedValue
    private Long id;
    @ManyToOne
    private Book book;
    private int stars;
    private String text;

    protected Review() {
    }

    public Review(Book book, int stars, String text) {
        this.book = book;
        this.stars = stars;
        this.text = text;
    }

    public Long getId() {
        return id;
    }

    public Book getBook() {
        return book;
    }

    public int getStars() {
        return stars;
    }

    public String getText() {
        return text;
    }
}
