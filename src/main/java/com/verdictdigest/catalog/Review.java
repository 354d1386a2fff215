package com.verdictdigest.catalog;

/** One persona's review of one tool in one comparison; score and verdict only where stated. */
public record Review(Persona persona, String text, Integer score, Verdict verdict) {
}
