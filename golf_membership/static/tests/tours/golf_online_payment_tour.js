import { registry } from "@web/core/registry";

/* A member pays the dues of the year online with Odoo's demo payment provider, from the "Pay now" of their
 * membership page, and sees the invoice paid and the membership active again. The member works in Chinese
 * (zh_CN): the selectors use ids, names and classes, never labels (but for the status shown at the end). */

registry.category("web_tour.tours").add("golf_online_payment_tour", {
    steps: () => [
        {
            content: "The membership is suspended and the dues are to pay",
            trigger: "#golf_membership_content:has(#golf_membership_payment)",
        },
        {
            content: "Pay the dues of the year now",
            trigger: "#golf_membership_payment tr.o_golf_due_invoice a.o_golf_pay_now",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Odoo's payment form opens on the invoice: enter the (demo) card number",
            trigger: "#pay_with input[name='customer_input']",
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: "#pay_with button[name='o_payment_submit_button']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the invoice: it is paid",
            trigger: "div[name='invoice_paid_badge']",
            timeout: 30000,
        },
        {
            content: "Back to my memberships",
            trigger: "body",
            run: "goToUrl /my/memberships",
            expectUnloadPage: true,
        },
        {
            content: "Open the membership",
            trigger: "a[href^='/my/memberships/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Nothing is left to pay and the membership is active again",
            trigger: "#golf_membership_content:not(:has(#golf_membership_payment)) .card-header .badge:contains('有效')",
        },
    ],
});
