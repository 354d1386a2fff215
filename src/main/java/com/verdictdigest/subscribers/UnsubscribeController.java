package com.verdictdigest.subscribers;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /unsubscribe/{token}}: the GET shows a page with a button (link scanners must not
 * unsubscribe anyone); any POST unsubscribes at once. The POST is also the RFC 8058 one-click
 * target, so it needs no login and no CSRF token (see SecurityConfig), accepts form-urlencoded
 * and multipart bodies, never redirects, and answers 200 however often it is repeated.
 */
@Controller
class UnsubscribeController {

    static final String ONE_CLICK = "One-Click";

    private final SubscriberRepository repository;
    private final UnsubscribeService unsubscribes;

    UnsubscribeController(SubscriberRepository repository, UnsubscribeService unsubscribes) {
        this.repository = repository;
        this.unsubscribes = unsubscribes;
    }

    @GetMapping("/unsubscribe/{token}")
    String page(@PathVariable String token, HttpServletResponse response, Model model) {
        if (SubscriberLinks.TEST_COPY_TOKEN.equals(token)) {
            model.addAttribute("state", "TEST");
            return "web/unsubscribe";
        }
        Optional<Subscriber> subscriber = repository.findByToken(token);
        if (subscriber.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("state", "UNKNOWN");
            return "web/unsubscribe";
        }
        Subscriber s = subscriber.get();
        boolean active = s.status() == SubscriberStatus.CONFIRMED || s.status() == SubscriberStatus.PENDING;
        model.addAttribute("state", active ? "ASK" : "GONE");
        model.addAttribute("email", s.email());
        model.addAttribute("token", s.token());
        return "web/unsubscribe";
    }

    @PostMapping("/unsubscribe/{token}")
    String unsubscribe(@PathVariable String token,
                       @RequestParam(name = "List-Unsubscribe", required = false) String listUnsubscribe,
                       HttpServletRequest request, HttpServletResponse response, Model model) {
        if (SubscriberLinks.TEST_COPY_TOKEN.equals(token)) {
            model.addAttribute("state", "TEST"); // a test copy's one-click header: nobody to unsubscribe
            return "web/unsubscribe";
        }
        String how = ONE_CLICK.equals(listUnsubscribe) && request.getParameter("from-page") == null
                ? "one-click" : "unsubscribe-page";
        UnsubscribeService.Result result = unsubscribes.unsubscribe(token, request.getRemoteAddr(),
                request.getHeader("User-Agent"), how);
        if (result == UnsubscribeService.Result.UNKNOWN) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("state", "UNKNOWN");
            return "web/unsubscribe";
        }
        model.addAttribute("state", "DONE");
        repository.findByToken(token).ifPresent(s -> {
            model.addAttribute("email", s.email());
            model.addAttribute("token", s.token());
        });
        return "web/unsubscribe";
    }
}
