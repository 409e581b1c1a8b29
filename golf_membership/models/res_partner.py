import re

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools.misc import clean_context

from .golf_membership import MEMBERSHIP_STATES, RUNNING_STATES

# what a phone number may be written with: digits, spaces, + - . / ( )
PHONE_LIKE = re.compile(r"[\d\s+\-./()]+")
# the contact details of a member that change only once the club approves a written request.
CLUB_APPROVED_FIELDS = ("name", "street", "street2", "city", "zip", "state_id", "country_id")


class ResPartner(models.Model):
    _inherit = "res.partner"

    golf_id_number = fields.Char(
        string="ID Number", groups="golf_membership.group_golf_clerk", copy=False,
        help="Identity document number, visible to member services only.",
    )
    # The front desk types what the caller ID shows (13823456701) while the contact stores
    # "+86 138 2345 6701": phones are searched on their national digits, kept here with a trigram
    # index so that a suffix search (`like '%digits'`) does not scan every contact.
    golf_phone_digits = fields.Char(
        string="Phone Digits", compute="_compute_golf_phone_digits", store=True, index="trigram", copy=False,
    )
    golf_phone_search = fields.Char(
        string="Phone (any spelling)", compute="_compute_golf_phone_search", search="_search_golf_phone_search",
    )
    golf_membership_ids = fields.One2many("golf.membership", "partner_id", string="Golf Memberships")
    golf_member_membership_ids = fields.One2many("golf.membership", "member_partner_id", string="Memberships Used")
    golf_membership_count = fields.Integer(compute="_compute_golf_membership_count", string="Memberships")
    golf_member_state = fields.Selection(
        MEMBERSHIP_STATES, string="Golf Member Status", compute="_compute_golf_member_state", store=True,
        index="btree_not_null",
    )

    @api.model
    def _golf_phone_digits(self, number):
        """The national digits of a phone number: no spaces or signs, no +86 / 0086 country code, no
        trunk 0 (0755 ... and +86 755 ... are the same number)."""
        if not number:
            return ""
        digits = re.sub(r"\D", "", number)
        if digits.startswith("0086"):
            digits = digits[4:]
        elif digits.startswith("86") and (number.lstrip().startswith("+") or len(digits) > 11):
            digits = digits[2:]
        return digits[1:] if digits.startswith("0") else digits

    @api.depends("phone")
    def _compute_golf_phone_digits(self):
        for partner in self:
            partner.golf_phone_digits = self._golf_phone_digits(partner.phone) or False

    def _compute_golf_phone_search(self):
        for partner in self:
            partner.golf_phone_search = partner.phone

    def _search_golf_phone_search(self, operator, value):
        """Phone in any spelling; the digits typed match the end of the stored digits (the caller ID
        may drop the country code or the area code)."""
        if operator == "in":
            return Domain.OR(self._search_golf_phone_search("ilike", val) for val in value if isinstance(val, str))
        if operator not in ("ilike", "like", "=like", "=ilike") or not isinstance(value, str):
            return NotImplemented
        digits = self._golf_phone_digits(value)
        # a name, a card or membership number typed in the same search box is not a phone number
        if len(digits) < 4 or not PHONE_LIKE.fullmatch(value.strip()):
            return Domain("phone", operator, value)
        return Domain("golf_phone_digits", "=like", f"%{digits}")

    @api.model
    def default_get(self, fields):
        """A contact speaks the club's language (the company partner's) unless the caller asks for another
        (`default_lang`) or a default specific to the company or user is set; Odoo's own default is the
        database-wide one, English in a database first installed in English."""
        values = super().default_get(fields)
        if "lang" in fields and "default_lang" not in self.env.context:
            company_lang = self.env.company.partner_id.lang
            if company_lang and values.get("lang") != company_lang \
                    and company_lang in dict(self.env["res.lang"].get_installed()) \
                    and values.get("lang") in (None, False, self.env["ir.default"].sudo()._get("res.partner", "lang")):
                values["lang"] = company_lang
        return values

    @api.depends("golf_membership_ids.state", "golf_member_membership_ids.state")
    def _compute_golf_member_state(self):
        for partner in self:
            memberships = (partner.golf_membership_ids | partner.golf_member_membership_ids).sorted("id", reverse=True)
            running = memberships.filtered(lambda m: m.state in RUNNING_STATES)
            partner.golf_member_state = (running or memberships)[:1].state or False

    def _compute_golf_membership_count(self):
        for partner in self:
            partner.golf_membership_count = len(partner.golf_membership_ids | partner.golf_member_membership_ids)

    def action_view_golf_memberships(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("golf_membership.golf_membership_action")
        action["domain"] = ["|", ("partner_id", "=", self.id), ("member_partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _golf_address_changed_by_request(self):
        """R-10.1: whether the name and address of this contact change only through the club's approval (a
        holder or nominee of a running membership)."""
        self.ensure_one()
        return self.golf_member_state in RUNNING_STATES

    def _golf_fields_changed_by_request(self, values):
        """R-10.1: the fields of ``values`` that would change the name or address of a member (a holder or
        nominee of a running membership): those change through a change request the club approves, not by the
        member's own hand. E-mail and phone need no approval."""
        self.ensure_one()
        if not self._golf_address_changed_by_request():
            return []
        changed = []
        for name in CLUB_APPROVED_FIELDS:
            if name not in values:
                continue
            current = self[name].id if self._fields[name].type == "many2one" else (self[name] or "").strip()
            if (values[name] or False) != (current or False):
                changed.append(name)
        return changed

    def _golf_invite_to_portal(self):
        """Issue 13.5: give each of these contacts that never had a user a portal user, through Odoo's own portal
        access wizard, which sends the invitation e-mail in the contact's language. A contact that has (or had)
        a user is left alone: the club may have revoked the access. Returns the contacts left out for want of a
        usable e-mail address (none, invalid, or already another user's login)."""
        partners = self.filtered(lambda p: not p.with_context(active_test=False).user_ids)
        if not partners:
            return self.browse()
        # The wizard is Odoo's; a caller's default_* keys (e.g. a membership form's) are not its defaults.
        wizard = self.env(context=clean_context(self.env.context), su=True)["portal.wizard"].create({
            "partner_ids": [Command.set(partners.ids)],
        })
        left_out = self.browse()
        for invitation in wizard.user_ids:
            if invitation.email_state != "ok":
                left_out |= invitation.partner_id
                continue
            try:
                with self.env.cr.savepoint():
                    invitation.action_grant_access()
            except (UserError, ValidationError):
                left_out |= invitation.partner_id
        return left_out.with_env(self.env)
