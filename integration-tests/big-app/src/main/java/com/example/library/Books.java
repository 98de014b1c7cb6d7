package com.example.library;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.List;

public interface Books extends JpaRepository<Book, Long> {
    @Query("select b from Book b join fetch b.author order by b.title")
    List<Book> findAllWithAuthor();

    List<Book> findByPublishedYearGreaterThanEqual(int year);
}
