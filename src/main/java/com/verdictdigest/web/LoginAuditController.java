package com.verdictdigest.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The admin's view of recent refused logins (who, from where, wrong password or locked). */
@Controller
class LoginAuditController {

    private final LoginAudit audit;

    LoginAuditController(LoginAudit audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/logins")
    String recent(Model model) {
        model.addAttribute("failures", audit.recent(200));
        return "web/admin/logins";
    }
}
