package com.example.library;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface Reviews extends JpaRepository<Review, Long> {
    @Query("select avg(r.stars) from Review r where r.book.id = ?1")
    Double averageStars(Long bookId);
}
