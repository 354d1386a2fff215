package com.verdictdigest.subscribers;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /preferences/{token}}: categories, a pause, plain text, vote links, the name; reached from every mail. */
@Controller
class PreferencesController {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final SubscriberRepository repository;
    private final PreferencesService preferences;
    private final Categories categories;
    private final SubscribersProperties properties;
    private final ReaderTimeZones zones;
    private final Clock clock;

    PreferencesController(SubscriberRepository repository, PreferencesService preferences, Categories categories,
                          SubscribersProperties properties, ReaderTimeZones zones, Clock clock) {
        this.zones = zones;
        this.repository = repository;
        this.preferences = preferences;
        this.categories = categories;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/preferences/{token}")
    String page(@PathVariable String token, HttpServletResponse response, Model model) {
        if (SubscriberLinks.TEST_COPY_TOKEN.equals(token)) {
            model.addAttribute("state", "TEST");
            return "web/preferences";
        }
        Optional<Subscriber> subscriber = repository.findByToken(token);
        if (subscriber.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("state", "UNKNOWN");
            return "web/preferences";
        }
        return show(model, subscriber.get(), null, null, null);
    }

    @PostMapping("/preferences/{token}")
    String save(@PathVariable String token, @RequestParam(required = false) String name,
                @RequestParam(required = false) List<String> categories,
                @RequestParam(required = false) String textOnly,
                @RequestParam(required = false) String showVotes,
                @RequestParam(required = false) String pauseWeeks,
                @RequestParam(required = false) String timeZone,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        if (SubscriberLinks.TEST_COPY_TOKEN.equals(token)) {
            model.addAttribute("state", "TEST");
            return "web/preferences";
        }
        Optional<Subscriber> subscriber = repository.findByToken(token);
        if (subscriber.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("state", "UNKNOWN");
            return "web/preferences";
        }
        Subscriber s = subscriber.get();
        try {
            Integer weeks = parseWeeks(pauseWeeks);
            Set<String> chosen;
            try {
                // None ticked or every one: all, also categories added later (as on the sign-up form).
                chosen = this.categories.resolver().resolve(categories, s.categories());
            } catch (Categories.UnknownCategoryException e) {
                throw new PreferencesService.InvalidPreferenceException("categories", e.getMessage());
            }
            Subscriber updated = preferences.update(s, new PreferencesService.Change(name, chosen, textOnly != null,
                            showVotes != null, weeks, timeZone),
                    request.getRemoteAddr(), request.getHeader("User-Agent"));
            return show(model, updated, "Your preferences are saved.", null, null);
        } catch (PreferencesService.InvalidPreferenceException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return show(model, s, null, e.field(), e.getMessage());
        }
    }

    private static Integer parseWeeks(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new PreferencesService.InvalidPreferenceException("pauseWeeks", "The pause must be a number of weeks.");
        }
    }

    /** The catalog's categories, plus any the subscriber chose that the catalog no longer has. */
    private List<String> offered(Subscriber s) {
        List<String> offered = new ArrayList<>(categories.known());
        s.categories().stream().filter(c -> !offered.contains(c)).forEach(offered::add);
        return offered;
    }

    private String show(Model model, Subscriber s, String saved, String errorField, String error) {
        model.addAttribute("state", s.status() == SubscriberStatus.CONFIRMED ? "EDIT"
                : s.status() == SubscriberStatus.PENDING ? "PENDING" : "GONE");
        model.addAttribute("email", s.email());
        model.addAttribute("name", s.name() == null ? "" : s.name());
        model.addAttribute("token", s.token());
        List<String> offered = offered(s);
        model.addAttribute("categories", offered);
        model.addAttribute("chosen", s.receivesAllCategories() ? offered : List.copyOf(s.categories()));
        model.addAttribute("textOnly", s.textOnly());
        model.addAttribute("showVotes", s.showVotes());
        model.addAttribute("maxPauseWeeks", properties.maxPauseWeeks());
        model.addAttribute("timeZone", s.timeZone() == null ? "" : s.timeZone());
        model.addAttribute("timeZones", ReaderTimeZones.choices());
        model.addAttribute("defaultTimeZone", zones.defaultZone().getId());
        if (s.isPausedAt(clock.instant())) {
            model.addAttribute("pausedUntil", DAY.format(s.pausedUntil()));
        }
        if (saved != null) {
            model.addAttribute("saved", saved);
        }
        if (error != null) {
            model.addAttribute("error", error);
            model.addAttribute("errorField", errorField);
        }
        return "web/preferences";
    }
}
