package com.verdictdigest.subscribers;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.verdictdigest.system.FieldError;
import com.verdictdigest.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/public/subscribe}: the sign-up form as JSON, for embedding on other pages. */
@RestController
class SignupApiController {

    static final String MESSAGE = "Thanks! Please check your inbox and click the link in our mail to confirm.";

    /**
     * @param timeZone the reader's IANA zone, e.g. from {@code Intl.DateTimeFormat().resolvedOptions().timeZone};
     *                 optional (unknown or none: the list's default zone)
     * @param website  the honeypot: leave empty
     */
    record SignupRequest(String email, String name, List<String> categories, String timeZone,
                         @JsonProperty(PublicSignup.HONEYPOT) String website) {
    }

    private final PublicSignup signup;

    SignupApiController(PublicSignup signup) {
        this.signup = signup;
    }

    @PostMapping(path = "/api/public/subscribe", consumes = "application/json", produces = "application/json")
    ResponseEntity<?> subscribe(@RequestBody SignupRequest body, HttpServletRequest request) {
        PublicSignup.Answer answer = signup.submit(body.email(), body.name(), body.categories(), body.timeZone(),
                body.website(), request, "api");
        if (answer instanceof PublicSignup.Invalid invalid) {
            return ResponseEntity.badRequest().body(Problems.validation(invalid.message(),
                    List.of(new FieldError(invalid.field(), invalid.message()))));
        }
        if (answer instanceof PublicSignup.TooManyRequests) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many sign-up requests. Please try again later.");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "600").body(p);
        }
        return ResponseEntity.accepted().body(Map.of("status", "check-your-inbox", "message", MESSAGE));
    }

}
