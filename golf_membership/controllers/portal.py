import re

from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class GolfMembershipPortal(CustomerPortal):
    """Member portal: a member's contact with portal access sees the memberships that concern them, read only.

    R-1.10: access is enforced by the record rules of golf.membership (rule_golf_membership_portal_scope): the
    memberships they hold or play on (the nominee of a corporate membership), and those of a company they are
    the invoice contact of (a contact of type 'invoice' of the company, Odoo's own billing contact); never a
    colleague's. The detail page and every download go through ``_document_check_access`` of the membership
    (or its access token); a download or a prepaid account must then belong to that very membership. No ID
    numbers, internal notes nor the club's internal forms are shown: only the letters and the certificate the
    club has issued, and the member's own prepaid statement.
    """

    PREPAID_STATEMENT_REPORT = "golf_membership.action_report_golf_prepaid_statement"

    def _get_golf_membership_domain(self):
        """The scope of rule_golf_membership_portal_scope, so that internal users also see only their own memberships
        here (R-1.10)."""
        partner = request.env.user.partner_id
        return (
            Domain("partner_id", "=", partner.id)
            | Domain("member_partner_id", "=", partner.id)
            | Domain("partner_id.child_ids", "any", [("id", "=", partner.id), ("type", "=", "invoice")])
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "golf_membership_count" in counters:
            Membership = request.env["golf.membership"]
            values["golf_membership_count"] = (
                Membership.search_count(self._get_golf_membership_domain())
                if Membership.has_access("read") else 0
            )
        return values

    def _get_golf_membership_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Start Date"), "order": "date_start desc, id desc"},
            "name": {"label": request.env._("Number"), "order": "name"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
        }

    @http.route(["/my/memberships", "/my/memberships/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_golf_memberships(self, page=1, sortby=None, **kw):
        Membership = request.env["golf.membership"]
        if not Membership.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        domain = self._get_golf_membership_domain()

        searchbar_sortings = self._get_golf_membership_searchbar_sortings()
        if sortby not in searchbar_sortings:
            sortby = "date"
        order = searchbar_sortings[sortby]["order"]

        pager = portal_pager(
            url="/my/memberships",
            url_args={"sortby": sortby},
            total=Membership.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        memberships = Membership.search(domain, order=order, limit=self._items_per_page, offset=pager["offset"])
        request.session["my_golf_memberships_history"] = memberships.ids[:100]

        values.update({
            "memberships": memberships,
            "page_name": "golf_membership",
            "pager": pager,
            "default_url": "/my/memberships",
            "searchbar_sortings": searchbar_sortings,
            "sortby": sortby,
        })
        return request.render("golf_membership.portal_my_golf_memberships", values)

    @http.route(["/my/memberships/<int:membership_id>"], type="http", auth="public", website=True)
    def portal_my_golf_membership(self, membership_id, access_token=None, **kw):
        try:
            membership_sudo = self._document_check_access("golf.membership", membership_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")

        invoices = self._golf_membership_invoices(membership_sudo)
        values = {
            "page_name": "golf_membership",
            "membership": membership_sudo,
            "dependents": membership_sudo.dependent_ids,
            "cards": membership_sudo.card_ids.filtered(lambda card: card.state != "cancelled"),
            "invoices": invoices,
            "dues": self._golf_membership_dues(membership_sudo, invoices),
            "documents": [
                {"label": label, "url": membership_sudo.get_portal_url(suffix=f"/documents/{key}", download=True)}
                for key, (label, _report) in membership_sudo._golf_portal_documents().items()
            ],
            "prepaid_accounts": [
                {
                    "account": account,
                    "statement": account._get_statement_data(*self._golf_statement_period()),
                    "url": membership_sudo.get_portal_url(suffix=f"/prepaid/{account.id}/statement", download=True),
                }
                for account in self._golf_membership_prepaid_accounts(membership_sudo)
            ],
        }
        values = self._get_page_view_values(
            membership_sudo, access_token, values, "my_golf_memberships_history", False, **kw
        )
        return request.render("golf_membership.portal_my_golf_membership", values)

    @http.route(["/my/memberships/<int:membership_id>/documents/<string:document>"], type="http", auth="public")
    def portal_my_golf_membership_document(self, membership_id, document, access_token=None, report_type="pdf",
                                          download=False, **kw):
        """A letter or the certificate of the membership, once the club has issued it (R-1.6, R-1.7, R-1.9)."""
        try:
            membership_sudo = self._document_check_access("golf.membership", membership_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        issued = membership_sudo._golf_portal_documents()
        if document not in issued:
            raise request.not_found()
        label, report_ref = issued[document]
        return self._golf_show_report(membership_sudo, report_ref, report_type, download, label)

    @http.route(["/my/memberships/<int:membership_id>/prepaid/<int:account_id>/statement"], type="http",
                auth="public")
    def portal_my_golf_prepaid_statement(self, membership_id, account_id, access_token=None, report_type="pdf",
                                         download=False, **kw):
        """The statement of a prepaid account of the membership, for the last twelve months (R-2.3)."""
        try:
            membership_sudo = self._document_check_access("golf.membership", membership_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        account_sudo = self._golf_membership_prepaid_accounts(membership_sudo).filtered(
            lambda account: account.id == account_id
        )
        if not account_sudo:
            raise request.not_found()
        date_from, date_to = self._golf_statement_period()
        return self._golf_show_report(
            account_sudo, self.PREPAID_STATEMENT_REPORT, report_type, download, request.env._("Statement"),
            statement_date_from=date_from, statement_date_to=date_to,
        )

    def _golf_show_report(self, record_sudo, report_ref, report_type, download, label, **report_values):
        """Odoo's ``_show_report``, named after the document; the record was checked by the caller.
        ``report_values`` are given to the report's template (e.g. the statement's period)."""
        if report_type not in ("html", "pdf"):
            raise request.not_found()
        # The record's environment (superuser) renders the report.
        reports = record_sudo.env["ir.actions.report"].with_company(record_sudo.company_id)
        render = reports._render_qweb_pdf if report_type == "pdf" else reports._render_qweb_html
        report = render(report_ref, record_sudo.ids, data={"report_type": report_type, **report_values})[0]
        headers = [("Content-Type", "application/pdf" if report_type == "pdf" else "text/html"),
                   ("Content-Length", len(report))]
        if report_type == "pdf":
            filename = re.sub(r"[^\w-]+", "_", f"{label}-{record_sudo.name}").strip("_")
            headers.append(("Content-Disposition", content_disposition(
                f"{filename}.pdf", disposition_type="attachment" if download else "inline",
            )))
        return request.make_response(report, headers=headers)

    def _golf_statement_period(self):
        """The portal shows the prepaid movements of the last twelve months, up to today."""
        today = fields.Date.context_today(request.env.user)
        return today - relativedelta(years=1, days=-1), today

    def _golf_readable(self, membership_sudo, records_sudo):
        """Of ``records_sudo`` (read as superuser), those the member may read: all of them when the page was
        opened with the membership's access token, else those the record rules give them (R-1.10)."""
        user = request.env.user
        if not membership_sudo.with_user(user).has_access("read"):
            return records_sudo
        readable = records_sudo.with_user(user)._filtered_access("read")
        return records_sudo.filtered(lambda record: record in readable)

    def _golf_membership_prepaid_accounts(self, membership_sudo):
        """The prepaid accounts of this membership that are signed (waiting for the first funds or the approval,
        R-2.2), in force or closed (R-2), the member's to read."""
        accounts_sudo = request.env["golf.prepaid.account"].sudo().search([
            ("membership_id", "=", membership_sudo.id), ("state", "in", ("submitted", "active", "closed")),
        ])
        return self._golf_readable(membership_sudo, accounts_sudo)

    def _golf_membership_dues(self, membership_sudo, invoices_sudo):
        """Billed, paid, outstanding and overdue per year (R-6.1), from golf.membership.dues.status; shown only
        to whom the page shows every invoice of the membership (a nominee may not see the company's bills)."""
        posted = membership_sudo.invoice_ids.filtered(lambda move: move.state == "posted" and move.is_invoice())
        if posted - invoices_sudo:
            return request.env["golf.membership.dues.status"]
        return membership_sudo.dues_status_ids

    def _golf_membership_invoices(self, membership_sudo):
        """The posted invoices of this very membership (read after the access check). A member who sees the
        membership by the record rules sees those Odoo's invoice rules let them read (R-1.10: a nominee does not
        see the bills of the company holding the membership); a link shared with its access token shows them
        all, as Odoo shows the invoices of a shared order."""
        invoices_sudo = membership_sudo.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.is_invoice()
        ).sorted(lambda move: (move.invoice_date_due or move.invoice_date, move.id))
        user = request.env.user
        if membership_sudo.with_user(user).has_access("read"):
            readable = invoices_sudo.with_user(user)._filtered_access("read")
            invoices_sudo = invoices_sudo.filtered(lambda move: move in readable)
        return invoices_sudo

    def _validate_address_values(self, address_values, partner_sudo, address_type, use_delivery_as_billing,
                                 required_fields, **kwargs):
        """R-10.1: a member's name and address change on the club's approval of a written request, not at
        /my/account; e-mail and phone stay editable."""
        invalid_fields, missing_fields, error_messages = super()._validate_address_values(
            address_values, partner_sudo, address_type, use_delivery_as_billing, required_fields, **kwargs,
        )
        changed = partner_sudo._golf_fields_changed_by_request(address_values) if partner_sudo else []
        if changed:
            invalid_fields.update(changed)
            error_messages.append(request.env._(
                "Your name and address are changed by the club on your written request: please ask member "
                "services for a change of address or name. Your e-mail and phone can be changed here."
            ))
        return invalid_fields, missing_fields, error_messages

    def _prepare_address_form_values(self, partner_sudo, *args, **kwargs):
        """R-10.1: a member's name and address are shown read only, with how to have them changed."""
        values = super()._prepare_address_form_values(partner_sudo, *args, **kwargs)
        values["golf_change_by_request"] = bool(partner_sudo) and partner_sudo._golf_address_changed_by_request()
        if values["golf_change_by_request"]:
            values["can_edit_country"] = False
        return values
