import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/* Tours of each role's main task. The users work in Chinese (zh_CN): the selectors use xml ids,
 * field and button names, never labels. */

const { DateTime } = luxon;

function openChangesMenu(menuXmlid) {
    return [
        ...stepUtils.goToAppSteps("golf_membership.menu_golf_root", "Open the Golf Membership app"),
        {
            content: "Open the Changes menu",
            trigger: ".o-dropdown[data-menu-xmlid='golf_membership.menu_golf_changes']",
            run: "click",
        },
        {
            content: "Open the sub-menu",
            trigger: `.o-dropdown-item[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
        {
            content: "Create a new record",
            trigger: ".o_control_panel_main_buttons .o_list_button_add, .o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
    ];
}

function pickMembership(holderName) {
    return [
        {
            content: "Search the membership by the holder's name",
            trigger: ".o_form_view .o_field_widget[name='membership_id'] input",
            run: `edit ${holderName}`,
        },
        {
            content: "Pick the membership",
            trigger: ".o_field_widget[name='membership_id'] .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a",
            run: "click",
        },
        {
            content: "The membership is set",
            trigger: ".o_field_widget[name='membership_id'] input:value(/\\S/)",
        },
    ];
}

function saveAndSubmit() {
    return [
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Submit",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_submit']",
            run: "click",
        },
        {
            content: "Submitted: the submit button is gone",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name='action_submit']))",
        },
        {
            content: "The statusbar shows the second step",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='submitted']",
        },
    ];
}

/** the clerk files the member's change of address. */
registry.category("web_tour.tours").add("golf_clerk_address_change_tour", {
    url: "/odoo",
    steps: () => [
        ...openChangesMenu("golf_membership.menu_golf_change_requests"),
        ...pickMembership("Tour Address Holder"),
        {
            content: "Enter the new city",
            trigger: ".o_form_view .o_field_widget[name='new_city'] input",
            run: "edit 杭州",
        },
        ...saveAndSubmit(),
    ],
});

/** the clerk files the written request of an absence of seven months, starting in three weeks. */
registry.category("web_tour.tours").add("golf_clerk_absence_tour", {
    url: "/odoo",
    steps: () => {
        const start = DateTime.now().plus({ days: 21 });
        const end = start.plus({ months: 7 });
        return [
            ...openChangesMenu("golf_membership.menu_golf_absences"),
            ...pickMembership("Tour Absent Holder"),
            {
                content: "Absent from",
                trigger: ".o_form_view .o_field_widget[name='date_from'] input",
                run: `edit ${start.toISODate()} && press Enter`,
            },
            {
                content: "Reinstated on",
                trigger: ".o_form_view .o_field_widget[name='date_to'] input",
                run: `edit ${end.toISODate()} && press Enter`,
            },
            {
                content: "The reason",
                trigger: ".o_form_view .o_field_widget[name='reason'] textarea",
                run: "edit 外派新加坡工作",
            },
            {
                content: "Supporting documents received",
                trigger: ".o_form_view .o_field_widget[name='documents_received'] input",
                run: "click",
            },
            {
                content: "The box is ticked",
                trigger: ".o_form_view .o_field_widget[name='documents_received'] input:checked",
            },
            ...saveAndSubmit(),
        ];
    },
});

/** the director opens the application to review from the activity menu and approves it. */
registry.category("web_tour.tours").add("golf_director_activity_approve_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the activity menu",
            trigger: ".o_menu_systray .o-mail-ActivityMenu-counter",
            run: "click",
        },
        {
            content: "Open the activities of memberships",
            trigger: ".o-mail-ActivityGroup[data-model_name='golf.membership']",
            run: "click",
        },
        {
            content: "Open the application",
            trigger: ".o_data_row:contains('Tour Reviewed Applicant') td.o_data_cell",
            run: "click",
        },
        {
            content: "The application is submitted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='submitted']",
        },
        {
            content: "Approve",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "The membership is approved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
    ],
});
