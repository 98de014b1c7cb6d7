package com.example.library;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

public interface Authors extends JpaRepository<Author, Long> {
    List<Author> findByCountryOrderByName(String country);
}
