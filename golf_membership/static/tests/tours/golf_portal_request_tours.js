import { registry } from "@web/core/registry";

/**
 * on a phone, in Chinese, a member files a change of address from the membership page,
 * then a complaint; both appear in the member's list of requests with their state.
 */
registry.category("web_tour.tours").add("golf_portal_requests_tour", {
    steps: () => [
        {
            content: "Open the change of address or name form",
            trigger: "#golf_request_buttons a#golf_request_address",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The form is in Chinese",
            trigger: "#golf_request_form_card h4:contains('更改地址及名字')",
        },
        {
            content: "Type the new city",
            trigger: "#golf_request_form input[name='new_city']",
            run: "edit 杭州",
        },
        {
            content: "Type the new street",
            trigger: "#golf_request_form input[name='new_street']",
            run: "edit 西湖大道 8 号",
        },
        {
            content: "Send the request",
            trigger: "#golf_request_send",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the membership page, the request is listed as submitted",
            trigger: "#golf_request_filed",
        },
        {
            content: "The change of address is submitted",
            trigger: "#golf_request_table .golf_request_row:contains('更改地址及名字') .golf_request_state:contains('已提交')",
        },
        {
            content: "Open the service request form",
            trigger: "#golf_request_buttons a#golf_request_service",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose a complaint",
            trigger: "#golf_request_form select[name='category']",
            run: "select complaint",
        },
        {
            content: "Type the subject",
            trigger: "#golf_request_form input[name='subject']",
            run: "edit 更衣柜钥匙无法使用",
        },
        {
            content: "Describe it",
            trigger: "#golf_request_form textarea[name='description']",
            run: "edit 12 号更衣柜的钥匙打不开。",
        },
        {
            content: "Send it",
            trigger: "#golf_request_send",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is listed, new",
            trigger: "#golf_request_table .golf_request_row:contains('更衣柜钥匙无法使用') .golf_request_state:contains('新建')",
        },
    ],
});
