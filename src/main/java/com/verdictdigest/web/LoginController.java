package com.verdictdigest.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login page, and a page for {@code GET /logout}: logging out is a POST with the CSRF token
 * (Spring Security's filter answers it), so a typed or bookmarked address gets a button to press.
 */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "web/login";
    }

    @GetMapping("/logout")
    String logout() {
        return "web/logout";
    }
}
