package com.verdictdigest.bounces;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;

import com.verdictdigest.system.SiteProperties;
import com.verdictdigest.system.Times;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's bounces page ({@code /admin/bounces}, role ADMIN by the security config): what came
 * back in the last 30 days by reason, the bounces and complaints that named an address without
 * anything of ours in them (to act on or dismiss), the latest processed messages, and how many
 * messages were set aside unparsed.
 */
@Controller
class BouncesAdminController {

    static final Duration RECENT = Duration.ofDays(30);

    private final BounceRepository repository;
    private final UnverifiedBounces unverified;
    private final Clock clock;
    private final Times when;

    BouncesAdminController(BounceRepository repository, UnverifiedBounces unverified, Clock clock, SiteProperties site) {
        this.repository = repository;
        this.unverified = unverified;
        this.clock = clock;
        this.when = new Times(site.timeZone()); // the admin pages' times, in the site's zone
    }

    @GetMapping("/admin/bounces")
    String page(Model model) {
        var since = clock.instant().minus(RECENT);
        model.addAttribute("byReason", repository.countByReasonSince(since));
        model.addAttribute("unverified", unverified.list(200));
        model.addAttribute("openUnverified", unverified.countOpen());
        model.addAttribute("recent", repository.recentProcessed(50));
        model.addAttribute("quarantined", repository.countQuarantinedSince(since));
        model.addAttribute("when", when);
        return "web/admin/bounces";
    }

    @PostMapping("/admin/bounces/unverified/{id}/act")
    String act(@PathVariable long id, Principal who, RedirectAttributes flash) {
        UnverifiedBounces.Decision d = unverified.act(id, who.getName());
        flash.addFlashAttribute(d.done() ? "message" : "error", d.message());
        return "redirect:/admin/bounces";
    }

    @PostMapping("/admin/bounces/unverified/{id}/dismiss")
    String dismiss(@PathVariable long id, Principal who, RedirectAttributes flash) {
        UnverifiedBounces.Decision d = unverified.dismiss(id, who.getName());
        flash.addFlashAttribute(d.done() ? "message" : "error", d.message());
        return "redirect:/admin/bounces";
    }
}
