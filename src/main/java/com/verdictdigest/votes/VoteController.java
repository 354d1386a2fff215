package com.verdictdigest.votes;

import com.verdictdigest.votes.VoteService.Outcome;
import com.verdictdigest.votes.VoteService.View;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * {@code /votes/{token}}: the GET shows the verdict with one button and changes nothing (link
 * scanners open every link of a mail); the button's POST counts it and shows the community
 * result. Like the one-click unsubscribe, the POST needs no login and no CSRF token (see
 * web.SecurityConfig): the token in the URL is the authority, bound to one reader, tool and
 * choice. Refusals are pages with a 4xx status that says what happened.
 */
@Controller
class VoteController {

    private final VoteService votes;
    private final VoteProperties properties;
    private final VoteMetrics metrics;

    VoteController(VoteService votes, VoteProperties properties, VoteMetrics metrics) {
        this.votes = votes;
        this.properties = properties;
        this.metrics = metrics;
    }

    @GetMapping("/votes/{token}")
    String page(@PathVariable String token, HttpServletResponse response, Model model) {
        return show(votes.look(token), token, response, model);
    }

    @PostMapping("/votes/{token}")
    String vote(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        // the real client's address: Tomcat applied the trusted proxies' X-Forwarded-For
        View view = votes.cast(token, request.getRemoteAddr());
        metrics.posted(view.outcome());
        return show(view, token, response, model);
    }

    private String show(View view, String token, HttpServletResponse response, Model model) {
        response.setStatus(status(view.outcome()));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Referrer-Policy", "no-referrer"); // the token is personal
        if (view.outcome() == Outcome.LIMITED) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "60");
        }
        model.addAttribute("state", view.outcome().name());
        model.addAttribute("view", view);
        model.addAttribute("token", token);
        model.addAttribute("choice", view.token() == null ? null : view.token().choice().label());
        model.addAttribute("otherChoice", view.token() == null ? null
                : view.token().choice() == com.verdictdigest.catalog.Verdict.SHIP ? "skip" : "ship");
        model.addAttribute("linkDays", properties.linkTtl().toDays());
        return "web/vote";
    }

    static int status(Outcome outcome) {
        return switch (outcome) {
            case ASK, COUNTED, CHANGED, UNCHANGED, PREVIEW -> 200;
            case INVALID -> 400;
            case NOT_SUBSCRIBED -> 403;
            case UNKNOWN_COMPARISON -> 404;
            case EXPIRED -> 410;
            case LIMITED -> 429;
        };
    }
}
