package com.example.library;

import org.springframework.data.jpa.repository.JpaRepository;

public interface Loans extends JpaRepository<Loan, Long> {
    long countByReturnedOnIsNull();
}
