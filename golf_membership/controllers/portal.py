from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class GolfMembershipPortal(CustomerPortal):
    """Member portal: a member's contact with portal access sees the memberships that concern them, read only.

    R-1.10: access is enforced by the record rules of golf.membership (rule_golf_membership_portal_scope): the
    memberships they hold or play on (the nominee of a corporate membership), and those of a company they are
    the invoice contact of (a contact of type 'invoice' of the company, Odoo's own billing contact); never a
    colleague's. The detail page goes through ``_document_check_access``. No ID numbers, documents nor internal
    notes are shown.
    """

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

        values = {
            "page_name": "golf_membership",
            "membership": membership_sudo,
            "dependents": membership_sudo.dependent_ids,
            "cards": membership_sudo.card_ids,
            "invoices": self._golf_membership_invoices(membership_sudo),
        }
        values = self._get_page_view_values(
            membership_sudo, access_token, values, "my_golf_memberships_history", False, **kw
        )
        return request.render("golf_membership.portal_my_golf_membership", values)

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
