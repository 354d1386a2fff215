package com.verdictdigest.subscribers;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-up page and the confirmation link's page. */
@Controller
class SignupController {

    private final PublicSignup signup;
    private final ConfirmationService confirmations;
    private final SubscribersProperties properties;
    private final SubscriberLinks links;

    SignupController(PublicSignup signup, ConfirmationService confirmations, SubscribersProperties properties,
                     SubscriberLinks links) {
        this.signup = signup;
        this.confirmations = confirmations;
        this.properties = properties;
        this.links = links;
    }

    @GetMapping("/subscribe")
    String form(@RequestParam(required = false) String email, Model model) {
        return showForm(model, email, null, null, null);
    }

    @PostMapping("/subscribe")
    String submit(@RequestParam(required = false) String email, @RequestParam(required = false) String name,
                  @RequestParam(required = false) List<String> categories,
                  @RequestParam(required = false) String timeZone,
                  @RequestParam(name = PublicSignup.HONEYPOT, required = false) String honeypot,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        PublicSignup.Answer answer = signup.submit(email, name, categories, timeZone, honeypot, request, "signup-page");
        model.addAttribute("timeZone", ReaderTimeZones.parse(timeZone).orElse("")); // kept when the form comes back
        if (answer instanceof PublicSignup.Invalid invalid) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("errorField", invalid.field());
            return showForm(model, email, name, categories, invalid.message());
        }
        if (answer instanceof PublicSignup.TooManyRequests) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            return showForm(model, email, name, categories,
                    "There have been too many sign-up requests. Please try again in a while.");
        }
        // Post/redirect/get: reloading the "check your inbox" page does not send the form again.
        return "redirect:/subscribe/sent";
    }

    @GetMapping("/subscribe/sent")
    String sent() {
        return "web/subscribe-sent";
    }

    @GetMapping("/confirm/{token}")
    String confirmPage(@PathVariable String token, HttpServletResponse response, Model model) {
        ConfirmationService.Result result = confirmations.check(token);
        return confirmView(result, response, model);
    }

    @PostMapping("/confirm/{token}")
    String confirm(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        ConfirmationService.Result result = confirmations.confirm(token, request.getRemoteAddr(),
                request.getHeader("User-Agent"));
        return confirmView(result, response, model);
    }

    private String confirmView(ConfirmationService.Result result, HttpServletResponse response, Model model) {
        model.addAttribute("state", result.state().name());
        result.subscriber().ifPresent(s -> {
            model.addAttribute("email", s.email());
            if (result.state() == ConfirmationService.State.CONFIRMED) {
                model.addAttribute("preferencesUrl", "/preferences/" + s.token());
            }
        });
        model.addAttribute("subscribeUrl", "/subscribe");
        model.addAttribute("ttlHours", properties.confirmTtl().toHours());
        switch (result.state()) {
            case EXPIRED, USED -> response.setStatus(HttpStatus.GONE.value());
            case UNKNOWN -> response.setStatus(HttpStatus.NOT_FOUND.value());
            default -> {
            }
        }
        return "web/confirm";
    }

    private String showForm(Model model, String email, String name, List<String> chosen, String error) {
        List<String> categories = signup.categories();
        model.addAttribute("categories", categories);
        model.addAttribute("chosen", chosen == null || chosen.isEmpty() ? categories : chosen);
        model.addAttribute("email", email == null ? "" : email);
        model.addAttribute("name", name == null ? "" : name);
        model.addAttribute("consentText", properties.consentText());
        model.addAttribute("honeypot", PublicSignup.HONEYPOT);
        if (!model.containsAttribute("timeZone")) {
            model.addAttribute("timeZone", "");
        }
        if (error != null) {
            model.addAttribute("error", error);
        }
        return "web/subscribe";
    }
}
