import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * a manager opens a submitted application whose documents are all received
 * and approves it; the membership shows as approved.
 */
registry.category("web_tour.tours").add("golf_membership_approve_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("golf_membership.menu_golf_root", "Open the Golf Membership app"),
        {
            content: "Open the Memberships menu",
            trigger: ".o-dropdown[data-menu-xmlid='golf_membership.menu_golf_memberships']",
            run: "click",
        },
        {
            content: "Go to the applications",
            trigger: ".o-dropdown-item[data-menu-xmlid='golf_membership.menu_golf_applications']",
            run: "click",
        },
        {
            content: "Open the submitted application of the tour applicant",
            trigger: ".o_kanban_group .o_kanban_record:contains('Tour Applicant')",
            run: "click",
        },
        {
            content: "The application is submitted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Submitted')",
        },
        ...stepUtils.statusbarButtonsSteps("Approve", "Approve the application"),
        {
            content: "The membership is approved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
        {
            content: "The approve button is gone",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_approve']))",
        },
    ],
});
