package com.verdictdigest.web;

import com.verdictdigest.system.SiteProperties;
import com.verdictdigest.system.Times;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The admin's view of recent refused logins (who, from where, wrong password or locked). */
@Controller
class LoginAuditController {

    private final LoginAudit audit;
    private final Times when;

    LoginAuditController(LoginAudit audit, SiteProperties site) {
        this.audit = audit;
        this.when = new Times(site.timeZone()); // the admin pages' times, in the site's zone
    }

    @GetMapping("/admin/logins")
    String recent(Model model) {
        model.addAttribute("failures", audit.recent(200));
        model.addAttribute("when", when);
        return "web/admin/logins";
    }
}
