package com.example.library;

import org.springframework.data.jpa.repository.JpaRepository;

public interface Members extends JpaRepository<Member, Long> {
}
