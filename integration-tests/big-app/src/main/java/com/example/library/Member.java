package com.example.library;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

import java.time.LocalDate;

@Entity
public class Member {
    @Id
    @GeneratedValue
    private Long id;
    private String name;
    private String email;
    private LocalDate joined;

    protected Member() {
    }

    public Member(String name, String email, LocalDate joined) {
        this.name = name;
        this.email = email;
        this.joined = joined;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getEmail() {
        return email;
    }

    public LocalDate getJoined() {
        return joined;
    }
}
