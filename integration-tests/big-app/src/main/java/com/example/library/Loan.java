package com.example.library;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

import java.time.LocalDate;

@Entity
public class Loan {
    @Id
    @GeneratedValue
    private Long id;
    @ManyToOne
    private Book book;
    @ManyToOne
    private Member member;
    private LocalDate lentOn;
    private LocalDate returnedOn;

    protected Loan() {
    }

    public Loan(Book book, Member member, LocalDate lentOn) {
        this.book = book;
        this.member = member;
        this.lentOn = lentOn;
    }

    public Long getId() {
        return id;
    }

    public Book getBook() {
        return book;
    }

    public Member getMember() {
        return member;
    }

    public LocalDate getLentOn() {
        return lentOn;
    }

    public LocalDate getReturnedOn() {
        return returnedOn;
    }

    public void returnOn(LocalDate day) {
        this.returnedOn = day;
    }
}
