package com.verdictdigest.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.ui.Model;

/**
 * The question before an irreversible action (approve and send, cancel, suppress...). The form
 * carries {@code data-confirm} and the static script asks in a dialog, then posts
 * {@code confirmed=yes}; a post without it (no script, or a replayed request) gets this page,
 * which asks the same question and posts the same fields again. So nothing irreversible happens
 * unasked, with or without JavaScript.
 *
 * @param question what the person is asked, naming what will happen
 * @param action   where the form posts to
 * @param fields   the form's other fields, posted again
 * @param button   the action's name ("Approve and send now"): the page's button reads "Yes, approve and send now"
 * @param back     where "Back" leads
 * @param danger   the button is styled as destructive
 */
public record Confirmation(String question, String action, Map<String, String> fields, String button, String back,
                           boolean danger) {

    public static final String VIEW = "web/confirm-action";
    public static final String PARAMETER = "confirmed";

    public Confirmation {
        fields = new LinkedHashMap<>(fields);
    }

    /** True if the request carries the confirmation (the dialog's or the page's "Yes"). */
    public static boolean given(String confirmed) {
        return "yes".equals(confirmed);
    }

    /** Puts the question on the model and names the view that asks it. */
    public String ask(Model model) {
        model.addAttribute("confirmation", this);
        return VIEW;
    }
}
