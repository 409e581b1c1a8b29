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
            // Enter waits for the search's answer and takes its first membership (the only one of this holder),
            // so the pick cannot land on the list shown on focus while it is being replaced.
            content: "Search the membership by the holder's name and take the one found",
            trigger: ".o_form_view .o_field_widget[name='membership_id'] input",
            run: `edit ${holderName} && press Enter`,
        },
        {
            content: "The membership is set: its number replaces the name typed",
            trigger: ".o_field_widget[name='membership_id'] input:value(/\\d/)",
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

function openMenu(rootXmlid, sectionXmlid, menuXmlid) {
    return [
        ...stepUtils.goToAppSteps(rootXmlid, "Open the app"),
        {
            content: "Open the menu section",
            trigger: `.o-dropdown[data-menu-xmlid='${sectionXmlid}']`,
            run: "click",
        },
        {
            content: "Open the menu",
            trigger: `.o-dropdown-item[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
    ];
}

function pickRecord(fieldName, search) {
    return [
        {
            content: `Search the ${fieldName}`,
            trigger: `.o_form_view .o_field_widget[name='${fieldName}'] input`,
            run: `edit ${search}`,
        },
        {
            content: `Pick the ${fieldName}`,
            trigger: `.o_field_widget[name='${fieldName}'] .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option):contains('${search}') a`,
            run: "click",
        },
        {
            content: `The ${fieldName} is set`,
            trigger: `.o_field_widget[name='${fieldName}'] input:value(/${search}/)`,
        },
    ];
}

/** a person not yet in the database applies; the clerk registers them from the application and files it. */
registry.category("web_tour.tours").add("golf_clerk_new_applicant_tour", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "golf_membership.menu_golf_root",
            "golf_membership.menu_golf_memberships",
            "golf_membership.menu_golf_applications"
        ),
        {
            content: "Record a new application",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new, .o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        ...pickRecord("type_id", "Gold"),
        {
            content: "Type the new applicant's name",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            run: "edit 周新人",
        },
        {
            content: "Create and edit the new contact",
            trigger: ".o_field_widget[name='partner_id'] .o_m2o_dropdown_option_create_edit a",
            run: "click",
        },
        {
            content: "The contact form opens with the name typed",
            trigger: ".modal .o_form_view .o_field_widget[name='name'] input:value(/周新人/)",
        },
        {
            content: "The applicant's mobile phone",
            trigger: ".modal .o_form_view .o_field_widget[name='phone'] input",
            run: "edit 13912345678",
        },
        {
            content: "The applicant's e-mail",
            trigger: ".modal .o_form_view .o_field_widget[name='email'] input",
            run: "edit zhou.xinren@example.com",
        },
        {
            content: "Save the contact",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The new contact holds the application",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name='partner_id'] input:value(/周新人/)",
        },
        ...pickRecord("phase_id", "Phase 1"),
        ...saveAndSubmit(),
    ],
});

/** a member complains on the phone; the clerk logs the complaint at the service desk. */
registry.category("web_tour.tours").add("golf_clerk_complaint_tour", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "golf_membership.menu_golf_root",
            "golf_membership.menu_golf_service",
            "golf_membership.menu_golf_service_request"
        ),
        {
            content: "Log a new request",
            trigger: ".o_control_panel_main_buttons .o_list_button_add, .o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
        {
            content: "The subject",
            trigger: ".o_form_view .o_field_widget[name='subject'] input",
            run: "edit 更衣柜钥匙无法使用",
        },
        ...pickRecord("partner_id", "Tour Complaining Member"),
        {
            content: "The member's membership is found",
            trigger: ".o_form_view .o_field_widget[name='membership_id'] input:value(/\\S/)",
        },
        {
            content: "Open the categories",
            trigger: ".o_form_view .o_field_widget[name='category'] input",
            run: "click",
        },
        {
            // SERVICE_CATEGORIES: enquiry, suggestion, complaint.
            content: "A complaint",
            trigger: ".o_select_menu_menu .o_select_menu_item[data-choice-index='2']",
            run: "click",
        },
        {
            content: "The complaint analysis is offered",
            trigger: ".o_form_view .o_notebook_headers a[name='complaint']",
        },
        {
            content: "What the member complained about",
            trigger: ".o_form_view .o_field_html[name='description'] div.o-paragraph",
            run: "editor 会员反映更衣柜钥匙多次无法开锁，等候二十分钟无人处理。",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

/** finance opens the membership of a balance invoice, then registers its payment. */
registry.category("web_tour.tours").add("golf_finance_invoice_payment_tour", {
    url: "/odoo",
    steps: () => [
        ...openMenu("account.menu_finance", "account.menu_finance_receivables", "account.menu_action_move_out_invoice_type"),
        {
            content: "Open the holder's invoice still to pay",
            trigger: ".o_data_row:contains('Tour Paying Holder'):not(:has(.text-bg-success)) td.o_data_cell",
            run: "click",
        },
        {
            content: "Open the membership the invoice is for",
            trigger: ".o_form_view .o_field_widget[name='golf_membership_id'] a.o_form_uri",
            run: "click",
        },
        {
            content: "The membership is approved, waiting for its payment",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
        {
            content: "The membership is the holder's",
            trigger: ".o_form_view .o_field_widget[name='partner_id']:contains('Tour Paying Holder')",
        },
        {
            content: "Back to the invoice",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            content: "Register the payment",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_register_payment']:visible",
            run: "click",
        },
        {
            content: "Create the payment",
            trigger: ".modal footer button[name='action_create_payments']:visible",
            run: "click",
        },
        {
            content: "The invoice is paid",
            trigger: "body:not(:has(.modal)) .o_form_view .ribbon:visible, body:not(:has(.modal)) .o_form_view .o_widget_web_ribbon:visible",
        },
    ],
});
