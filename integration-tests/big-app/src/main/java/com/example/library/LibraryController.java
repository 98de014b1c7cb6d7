package com.example.library;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;

import java.util.List;
import java.util.Map;

@Controller
public class LibraryController {
    private final Catalog catalog;

    LibraryController(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The catalogue page, rendered by Thymeleaf. */
    @GetMapping("/")
    public String index(Model model) {
        model.addAttribute("books", catalog.summaries());
        model.addAttribute("openLoans", catalog.openLoans());
        return "index";
    }

    @GetMapping("/api/books")
    @ResponseBody
    public List<Catalog.BookSummary> books() {
        return catalog.summaries();
    }

    @GetMapping("/api/books/{id}")
    @ResponseBody
    public Catalog.BookSummary book(@PathVariable("id") long id) {
        return catalog.summary(id);
    }

    @ExceptionHandler(Catalog.NoSuchBook.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    @ResponseBody
    public Map<String, String> noSuchBook(Catalog.NoSuchBook e) {
        return Map.of("error", e.getMessage());
    }
}
