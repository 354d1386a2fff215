package com.verdictdigest.mail;

/**
 * Who one copy of a list mail goes to, as the message needs it.
 *
 * @param id       the recipient's stable number (part of the Message-ID)
 * @param token    the recipient's link token: List-Unsubscribe and the VERP Return-Path carry it
 * @param textOnly the recipient wants the text part only
 */
public record ListRecipient(long id, String address, String name, String token, boolean textOnly) {
}
